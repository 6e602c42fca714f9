// decruft-bench: release-mode throughput and memory benchmarks.
//
// What is measured, and why:
//
// * `text`: the plain-text path (UTF8Repair → Cleaner.clean(utf8:) →
//   CanonicalWriter) on ≥ N MB built from the corpus inputs, once as ONE
//   document (the worst case for the whole-document filters) and once as a
//   STREAM of many small documents (the common case: scraped pages one after
//   another). Throughput in MB/s (and documents/s), plus peak RSS. The stream
//   is then re-run in fresh child processes at N and 2N MB: its peak memory
//   must not grow with the input.
// * `html`: the dev set of real pages, all in memory before timing. Three
//   passes over all pages: FLOOR (libxml2's own tree parser, the least any
//   libxml2-based extractor must pay), SAX (our parser alone) and FULL
//   (Cleaner.clean(html:) + CanonicalWriter on the raw bytes, charset
//   detection included). FULL/FLOOR says how much the extraction costs on
//   top of parsing (target ≤ 1.6×; FULL target ≥ 45 MB/s). Peak RSS is then
//   measured per page-size class in child processes.
// * `batch`: the `decruft` binary on JSONL, as a child process: text and
//   HTML records at --jobs 1 and 2 (records/s, MB/s, speedup), then a
//   ≥ 1 GB stream through a pipe (peak RSS must stay flat). Not pinned.
//
// Method: the process is pinned to one CPU (children inherit it); the
// benchmark is single-threaded. Every timing is repeated (3× by default) and
// the best and the median are reported, as process CPU time
// (CLOCK_PROCESS_CPUTIME_ID, the headline: it ignores time the shared
// machine gives to others) and wall-clock time (ContinuousClock).
// MB = 10^6 bytes for sizes and throughput; memory is in MiB.

#if canImport(Glibc)
import Glibc
#endif

exit(BenchMain.run(CommandLine.arguments))
