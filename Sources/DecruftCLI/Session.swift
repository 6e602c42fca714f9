import Decruft

#if canImport(Glibc)
import Glibc
#endif

/// One run over the inputs: read documents and records, clean them on
/// worker threads, write them out in input order.
struct Session {
    let cleaner: Cleaner
    let settings: BatchSettings
    let batch: BatchOptions
    let format: InputFormat
    /// `-o FILE`: where standard output goes (nil or `-`: standard output).
    var output: String?

    /// Processes every path in order and returns the exit status: 0, or the
    /// code of the first failure (later inputs are still processed). With
    /// `-o FILE`, standard output is FILE, replaced when the run ends.
    func run(paths: [String]) -> Int32 {
        guard let path = output, path != "-" else { return process(paths, output: nil) }
        let removed = OutputFiles.removeUnfinished(besides: [path])
        if removed > 0 && !batch.quiet {
            Diagnostics.emit("decruft: removed \(removed) unfinished output file\(removed == 1 ? "" : "s") of an interrupted run")
        }
        let output: OutputFile
        do {
            output = try OutputFile(path: path)
        } catch {
            Diagnostics.error(error.description)
            return error.exitCode
        }
        let status = process(paths, output: output)
        do {
            try output.finish()
        } catch {
            Diagnostics.error(error.description)
            return status == 0 ? error.exitCode : status
        }
        return status
    }

    /// The run itself, writing to standard output (which `output`, when
    /// given, has replaced; it is told whether everything was written).
    func process(_ paths: [String], output: OutputFile?) -> Int32 {
        OutputStream.ignoreSIGPIPE()
        Cleaner.prepareForThreads()
        let entries = InputFiles.expand(paths, recursive: batch.recursive)
        var inputs = entries.enumerated().map { BatchInput(index: $0, name: $1.path) }
        let line = ProgressLine(forced: batch.progress, quiet: batch.quiet)
        var destination = BatchDestination.standardOutput
        // Inputs left out by --resume: their output is already there.
        var done = 0
        if let directory = batch.outputDir {
            let outputPaths: [String]
            do {
                outputPaths = try OutputFiles.paths(
                    for: inputs, relativeNames: entries.map(\.relativeName), directory: directory, format: settings.format,
                    style: settings.textStyle)
            } catch {
                Diagnostics.error(error.description)
                return 64
            }
            destination = .directory(paths: outputPaths)
            let removed = OutputFiles.removeUnfinished(besides: outputPaths)
            if removed > 0 && !batch.quiet {
                line.message("decruft: removed \(removed) unfinished output file\(removed == 1 ? "" : "s") of an interrupted run")
            }
            if batch.resume {
                let total = inputs.count
                inputs = inputs.filter { input in
                    guard OutputFiles.exists(outputPaths[input.index]) else { return true }
                    if settings.explain && !batch.quiet {
                        line.message("decruft: skipped \(input.name): \(outputPaths[input.index]) is already there (--resume)")
                    }
                    return false
                }
                done = total - inputs.count
                if line.enabled && !settings.explain {
                    line.message("decruft: --resume: \(done) of \(total) inputs already done, \(inputs.count) to go")
                }
            }
        }
        let progress = ReadProgress()
        if inputs.allSatisfy({ $0.name != "-" }) {
            progress.setTotal(inputs.reduce(0) { $0 + InputFiles.size(of: entries[$1.index].path) })
        }
        let writer = BatchWriter(settings: settings, destination: destination, separator: batch.separator ?? "\u{0C}") {
            line.message("decruft: " + $0)
        }
        var reader = BatchReader(inputs: inputs, format: format, documentKind: settings.documentKind)
        reader.maxRecordBytes = batch.maxRecordMb << 20
        reader.charset = settings.html.charset
        let records = RecordCleaner(cleaner: cleaner, settings: settings)
        var executorSettings = OrderedExecutor.Settings()
        executorSettings.workers = batch.workerCount
        // NB: a generous window (small text records are ~2 KB) gives the
        // workers slack when the scheduler is slow; the byte limit still
        // bounds memory.
        executorSettings.window = max(64, 32 * batch.workerCount)
        executorSettings.timeoutMilliseconds = batch.timeoutMs
        let executor = OrderedExecutor(settings: executorSettings, process: { records.process($0) }, timedOut: { item, limit in
            records.failure(item, "timed out after \(limit) ms (--timeout-ms)")
        })
        do {
            try executor.run(
                produce: { [reader] submit in reader.produce(submit, progress: progress) },
                consume: { result in
                    let goOn = writer.consume(result)
                    line.update(writer.summary, bytesRead: progress.bytesRead, totalBytes: progress.totalBytes)
                    return goOn
                },
                tick: { line.update(writer.summary, bytesRead: progress.bytesRead, totalBytes: progress.totalBytes) })
        } catch {
            Diagnostics.error(error.description)
            writer.finish()
            return 71
        }
        writer.finish()
        output?.complete = !writer.writeFailed
        line.finish()
        if writer.outputClosed { return 0 }
        report(writer.summary, elapsed: ProgressLine.seconds() - line.started, inputsDone: done)
        return writer.exitStatus
    }

    /// The final summary (record inputs, or `--stats`), `--stats` tables
    /// and Hadoop counters, on standard error. `inputsDone`: the inputs
    /// `--resume` skipped.
    func report(_ summary: BatchSummary, elapsed: Double, inputsDone: Int) {
        if !batch.quiet && (summary.recordsIn > summary.documentsIn || batch.stats) {
            var text = "decruft: \(summary.recordsIn) record\(summary.recordsIn == 1 ? "" : "s") in, \(summary.recordsOut) out, "
                + "\(summary.errors) error\(summary.errors == 1 ? "" : "s")"
            if summary.skippedTotal > 0 {
                let reasons = summary.skipped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                text += ", \(summary.skippedTotal) skipped (\(reasons))"
            }
            if batch.resume {
                text += "; \(inputsDone) input\(inputsDone == 1 ? "" : "s") already done (--resume)"
            }
            let megabytes = Double(summary.inputBytes) / 1e6
            text += "; \(ProgressLine.fixed(megabytes, 1)) MB in \(ProgressLine.fixed(elapsed, 2)) s"
            Diagnostics.emit(text)
        }
        if batch.stats {
            Diagnostics.emit("decruft: removed blocks per filter:")
            var names = cleaner.pipeline.names
            for name in summary.removals.keys.sorted() where !names.contains(name) { names.append(name) }
            for name in names {
                Diagnostics.emit("decruft:   \(name.padding(20))\(summary.removals[name] ?? 0)")
            }
        }
        if batch.hadoopCounters {
            var counters: [(String, Int)] = [("records_in", summary.recordsIn), ("records_out", summary.recordsOut),
                                             ("errors", summary.errors), ("skipped", summary.skippedTotal),
                                             ("bytes_in", summary.inputBytes), ("bytes_out", summary.outputBytes)]
            if batch.resume { counters.append(("inputs_resumed", inputsDone)) }
            for name in cleaner.pipeline.names { counters.append(("removed_\(name)", summary.removals[name] ?? 0)) }
            for (name, value) in counters { Diagnostics.emit("reporter:counter:decruft,\(name),\(value)") }
        }
    }
}

/// Messages on standard error, one line each, prefixed with the tool's name.
enum Diagnostics {
    static func error(_ message: String) { emit("decruft: error: \(message)") }
    static func warning(_ message: String) { emit("decruft: warning: \(message)") }

    static func emit(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBufferPointer { p in
            _ = write(2, p.baseAddress!, p.count)
        }
    }
}
