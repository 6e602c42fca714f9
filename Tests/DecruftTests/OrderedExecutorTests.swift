import Decruft
import Foundation
import Synchronization
import Testing

/// The executor on its own: results in submission order, and no stall,
/// whatever the window, the byte limit and the number of workers — small
/// windows and items bigger than the byte limit included (the reader is
/// woken at a low-water mark, not after every item).
struct OrderedExecutorTests {
    /// `count` JSONL items; every 7th is `big` bytes, the rest 1…50.
    func items(_ count: Int, big: Int) -> [BatchItem] {
        let input = BatchInput(index: 0, name: "-")
        return (0..<count).map { k in
            let size = k % 7 == 3 ? big : 1 + (k * 31) % 50
            return .jsonLine(JSONLineItem(input: input, line: k + 1, bytes: [UInt8](repeating: 0x61, count: size)))
        }
    }

    /// Runs the items through an executor; returns the line numbers in the
    /// order they were consumed, and the most items ever submitted but not
    /// yet consumed.
    func run(_ items: [BatchItem], workers: Int, window: Int, maxBytes: Int) throws -> (lines: [Int], maxInFlight: Int) {
        var settings = OrderedExecutor.Settings()
        settings.workers = workers
        settings.window = window
        settings.maxBytesInFlight = maxBytes
        let counts = Counts()
        let executor = OrderedExecutor(settings: settings, process: { item in
            guard case .jsonLine(let line) = item else { return BatchResult(outcome: .control) }
            // Uneven work, so that workers finish out of order.
            if line.line % 5 == 0 { usleep(50) }
            var result = BatchResult(outcome: .cleaned, payload: Array(String(line.line).utf8))
            result.inputBytes = item.byteCount
            return result
        }, timedOut: { item, _ in
            var result = BatchResult(outcome: .failed)
            result.inputBytes = item.byteCount
            return result
        })
        var lines: [Int] = []
        try executor.run(produce: { submit in
            for item in items {
                guard submit(item) else { return }
                let now = counts.submitted.add(1, ordering: .sequentiallyConsistent).newValue
                    - counts.consumed.load(ordering: .sequentiallyConsistent)
                counts.raiseMaxInFlight(to: now)
            }
        }, consume: { result in
            counts.consumed.add(1, ordering: .sequentiallyConsistent)
            lines.append(Int(String(decoding: result.payload ?? [], as: UTF8.self)) ?? -1)
            return true
        })
        return (lines, counts.maxInFlight.load(ordering: .sequentiallyConsistent))
    }

    @Test(.timeLimit(.minutes(1)), arguments: [1, 2, 3])
    func resultsComeOutInOrderForEveryWindow(workers: Int) throws {
        for window in [1, 2, 3, 16] {
            for maxBytes in [64, 1_000, 64 << 20] {
                let input = items(700, big: 200)
                let (lines, maxInFlight) = try run(input, workers: workers, window: window, maxBytes: maxBytes)
                #expect(lines == Array(1...700), "workers \(workers), window \(window), maxBytes \(maxBytes)")
                // The reader's count runs a little behind the executor's
                // own (it is taken after submit returns).
                #expect(maxInFlight <= window + 1, "window \(window): \(maxInFlight) in flight")
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func anItemBiggerThanTheByteLimitPassesAlone() throws {
        // Every 7th item is 10× the limit: it waits for an empty window.
        let (lines, _) = try run(items(300, big: 10_000), workers: 2, window: 16, maxBytes: 1_000)
        #expect(lines == Array(1...300))
    }

    @Test(.timeLimit(.minutes(1)))
    func stoppingEarlyEndsTheRun() throws {
        var settings = OrderedExecutor.Settings()
        settings.workers = 2
        settings.window = 4
        let executor = OrderedExecutor(settings: settings, process: { item in
            var result = BatchResult(outcome: .cleaned, payload: [])
            result.inputBytes = item.byteCount
            return result
        }, timedOut: { _, _ in BatchResult(outcome: .failed) })
        var count = 0
        try executor.run(produce: { submit in
            for item in items(10_000, big: 10) { guard submit(item) else { return } }
        }, consume: { _ in
            count += 1
            return count < 25
        })
        #expect(count == 25)
    }
}

/// Counters shared by the reader and the consumer.
final class Counts: Sendable {
    let submitted = Atomic<Int>(0)
    let consumed = Atomic<Int>(0)
    let maxInFlight = Atomic<Int>(0)

    func raiseMaxInFlight(to value: Int) {
        var current = maxInFlight.load(ordering: .relaxed)
        while value > current {
            let (exchanged, original) = maxInFlight.compareExchange(expected: current, desired: value,
                                                                    ordering: .sequentiallyConsistent)
            if exchanged { return }
            current = original
        }
    }
}
