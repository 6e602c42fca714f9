import Synchronization

/// Pipelines built for site-scoped rules, kept per host so that a batch of
/// documents from one site compiles its rules once. Bounded: when full, it
/// starts over (hosts in a batch tend to come in runs).
final class PipelineCache: Sendable {
    /// At most this many hosts are remembered.
    static let capacity = 256
    private let pipelines = Mutex<[String: Pipeline]>([:])

    /// The pipeline for `host`, built by `make` on first use.
    func pipeline(for host: String, make: () -> Pipeline) -> Pipeline {
        if let cached = pipelines.withLock({ $0[host] }) { return cached }
        // NB: built outside the lock; two threads may build the same one,
        // and either result is the same pipeline.
        let built = make()
        pipelines.withLock { table in
            if table.count >= Self.capacity { table.removeAll(keepingCapacity: true) }
            table[host] = built
        }
        return built
    }
}
