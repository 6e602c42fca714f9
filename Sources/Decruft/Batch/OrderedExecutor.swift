#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs batch items on worker threads and hands the results back in input
/// order, with bounded memory and a time limit per item.
///
/// Three roles: a reader thread submits items (blocking while the window of
/// in-flight items is full), `workers` threads process them, and the calling
/// thread consumes the results strictly in submission order.
///
/// - Bounded: at most `window` items, and about `maxBytesInFlight` input
///   bytes, are between submission and consumption, whatever the input size.
/// - Time limit: when the next item to consume has run longer than
///   `timeoutMilliseconds`, it is given up: the consumer receives the
///   `timedOut` result in its place and a fresh worker replaces the busy
///   one. Swift cannot stop a thread, so the old worker finishes its item
///   in the background and its result is dropped; at most `4 × workers`
///   such stragglers get a replacement, after which the run slows down
///   rather than starting more threads.
public final class OrderedExecutor: @unchecked Sendable {
    // NB: `@unchecked Sendable` is sound: every mutable field is read and
    // written only with `mutex` held.
    public struct Settings: Sendable {
        public var workers = 1
        /// Items between submission and consumption.
        public var window = 64
        /// Input bytes between submission and consumption (one item larger
        /// than this still passes, alone).
        public var maxBytesInFlight = 64 << 20
        /// 0: no limit.
        public var timeoutMilliseconds = 0
        /// How often `tick` runs while the consumer waits.
        public var tickMilliseconds = 250

        public init() {}
    }

    private enum Slot {
        case queued(BatchItem)
        case running(BatchItem, startedAt: UInt64)
        case done(BatchResult)
        /// Given up after the time limit; its worker is still busy.
        /// `replaced`: a new worker was started in its place.
        case abandoned(replaced: Bool)
    }

    private let settings: Settings
    /// Results ready in a row before the consumer is woken (see `work`).
    private let wakeBatch: Int
    private let process: @Sendable (BatchItem) -> BatchResult
    private let timedOut: @Sendable (BatchItem, Int) -> BatchResult

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let resultAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let spaceAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private var slots: [Int: Slot] = [:]
    /// Sequence numbers waiting for a worker, oldest first.
    private var queue: [Int] = []
    private var queueHead = 0
    private var nextSubmit = 0
    private var nextConsume = 0
    private var bytesInFlight = 0
    private var closed = false
    private var stopped = false
    /// Workers that should be running (grows by one per abandoned item).
    private var targetWorkers = 0
    private var liveWorkers = 0
    private var stragglers = 0

    public init(settings: Settings, process: @escaping @Sendable (BatchItem) -> BatchResult,
                timedOut: @escaping @Sendable (BatchItem, Int) -> BatchResult) {
        self.settings = settings
        self.wakeBatch = max(1, settings.window / 4)
        self.process = process
        self.timedOut = timedOut
        pthread_mutex_init(mutex, nil)
        for condition in [workAvailable, resultAvailable, spaceAvailable] {
            var attributes = pthread_condattr_t()
            pthread_condattr_init(&attributes)
            pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
            pthread_cond_init(condition, &attributes)
            pthread_condattr_destroy(&attributes)
        }
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        for condition in [workAvailable, resultAvailable, spaceAvailable] {
            pthread_cond_destroy(condition)
            condition.deallocate()
        }
    }

    /// Runs `produce` on a reader thread and consumes every result, in
    /// order, on the calling thread. `consume` returns false to stop early
    /// (the output closed, or `--on-error fail`): the producer's next
    /// submit then returns false and nothing more is consumed. `tick` runs
    /// on the calling thread about every `tickMilliseconds` while waiting.
    /// - Throws: `ThreadError` when the system refuses to start threads.
    public func run(produce: @escaping @Sendable (_ submit: (BatchItem) -> Bool) -> Void,
                    consume: (BatchResult) -> Bool,
                    tick: () -> Void = {}) throws(ThreadError) {
        lock()
        targetWorkers = max(1, settings.workers)
        unlock()
        for _ in 0..<max(1, settings.workers) {
            guard startWorker() else { throw ThreadError(errno: errno) }
        }
        let started = Thread.start { [self] in
            produce { self.submit($0) }
            self.close()
        }
        guard started else { throw ThreadError(errno: errno) }
        consumeAll(consume, tick: tick)
    }

    // MARK: - Reader side

    /// Queues one item; blocks while the window is full. False once the run
    /// has stopped.
    func submit(_ item: BatchItem) -> Bool {
        lock()
        defer { unlock() }
        let bytes = item.byteCount
        while !stopped, nextSubmit - nextConsume >= settings.window
            || (nextSubmit > nextConsume && bytesInFlight + bytes > settings.maxBytesInFlight) {
            pthread_cond_wait(spaceAvailable, mutex)
        }
        if stopped { return false }
        let sequence = nextSubmit
        nextSubmit += 1
        bytesInFlight += bytes
        if item.isRecord {
            enqueue(sequence, item)
        } else {
            // Input markers and failures cost nothing: done at once.
            slots[sequence] = .done(process(item))
            pthread_cond_signal(resultAvailable)
        }
        return true
    }

    private func enqueue(_ sequence: Int, _ item: BatchItem) {
        slots[sequence] = .queued(item)
        queue.append(sequence)
        pthread_cond_signal(workAvailable)
    }

    func close() {
        lock()
        closed = true
        pthread_cond_broadcast(workAvailable)
        pthread_cond_broadcast(resultAvailable)
        unlock()
    }

    // MARK: - Workers

    private func startWorker() -> Bool {
        lock()
        liveWorkers += 1
        unlock()
        if Thread.start({ [self] in self.work() }) { return true }
        lock()
        liveWorkers -= 1
        unlock()
        return false
    }

    private func work() {
        lock()
        while true {
            while queueHead == queue.count && !closed && !stopped && liveWorkers <= targetWorkers {
                pthread_cond_wait(workAvailable, mutex)
            }
            if liveWorkers > targetWorkers || stopped || (queueHead == queue.count && closed) { break }
            let sequence = queue[queueHead]
            queueHead += 1
            if queueHead > 1024, queueHead * 2 > queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            guard case .queued(let item) = slots[sequence] else { continue }
            slots[sequence] = .running(item, startedAt: OrderedExecutor.now())
            unlock()
            let result = process(item)
            lock()
            if case .abandoned(let replaced) = slots[sequence] {
                slots[sequence] = nil
                stragglers -= 1
                if replaced {
                    // The replacement took this worker's place: leave.
                    targetWorkers -= 1
                    break
                }
                continue
            }
            slots[sequence] = .done(result)
            // NB: the consumer is woken when the result it waits for is
            // ready and a run of `wakeBatch` may be (it writes them in one
            // go), or when no work is queued (nothing else would wake it);
            // not for every result: with one worker that cost the consumer
            // a sleep and a wake-up per record.
            if sequence + 1 - nextConsume >= wakeBatch || queueHead == queue.count || closed || stopped,
               case .done? = slots[nextConsume] {
                pthread_cond_signal(resultAvailable)
            }
        }
        liveWorkers -= 1
        unlock()
    }

    // MARK: - Consumer

    private func consumeAll(_ consume: (BatchResult) -> Bool, tick: () -> Void) {
        var lastTick = OrderedExecutor.now()
        let tickNanoseconds = UInt64(max(1, settings.tickMilliseconds)) * 1_000_000
        let timeoutNanoseconds = UInt64(max(0, settings.timeoutMilliseconds)) * 1_000_000
        lock()
        while true {
            if OrderedExecutor.now() - lastTick >= tickNanoseconds {
                unlock()
                tick()
                lock()
                lastTick = OrderedExecutor.now()
            }
            let now = OrderedExecutor.now()
            var ready: BatchResult?
            var deadline = lastTick + tickNanoseconds
            switch slots[nextConsume] {
            case .done(let result)?:
                slots[nextConsume] = nil
                ready = result
            case .running(let item, let startedAt)? where timeoutNanoseconds > 0:
                if now >= startedAt + timeoutNanoseconds {
                    stragglers += 1
                    ready = timedOut(item, settings.timeoutMilliseconds)
                    let replace = stragglers <= 4 * max(1, settings.workers)
                    slots[nextConsume] = .abandoned(replaced: replace)
                    if replace {
                        targetWorkers += 1
                        unlock()
                        if !startWorker() {
                            lock()
                            targetWorkers -= 1
                            unlock()
                        }
                        lock()
                    }
                } else {
                    deadline = min(deadline, startedAt + timeoutNanoseconds)
                }
            default:
                if closed && nextConsume == nextSubmit {
                    unlock()
                    return
                }
            }
            guard let result = ready else {
                wait(resultAvailable, until: deadline)
                continue
            }
            nextConsume += 1
            bytesInFlight -= result.inputBytes
            // NB: the reader is woken once the window is half empty, not
            // after every item: it then submits half a window per wake-up,
            // and the worker finds a queue, instead of the three threads
            // taking turns once per record. (Level-triggered: a reader
            // waiting for room for a big item is woken at every item below
            // the mark, and at the latest when nothing is in flight.)
            if nextSubmit - nextConsume <= settings.window / 2 && bytesInFlight <= settings.maxBytesInFlight / 2 {
                pthread_cond_broadcast(spaceAvailable)
            }
            unlock()
            let goOn = consume(result)
            lock()
            if !goOn {
                stopped = true
                pthread_cond_broadcast(spaceAvailable)
                pthread_cond_broadcast(workAvailable)
                unlock()
                return
            }
        }
    }

    // MARK: - Primitives

    private func lock() { pthread_mutex_lock(mutex) }
    private func unlock() { pthread_mutex_unlock(mutex) }

    private func wait(_ condition: UnsafeMutablePointer<pthread_cond_t>, until deadline: UInt64) {
        var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        pthread_cond_timedwait(condition, mutex, &time)
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

/// Detached POSIX threads with a large stack (deep documents are walked
/// iteratively, but libxml2 and the filters still use the stack).
enum Thread {
    static let stackSize = 64 << 20

    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts `body` on a new detached thread; false when none could be made.
    @discardableResult
    static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        pthread_attr_destroy(&attributes)
        if status != 0 {
            Unmanaged<Box>.fromOpaque(box).release()
            errno = status
            return false
        }
        return true
    }
}

/// The system would not start a thread (resource limits).
public struct ThreadError: Error, Sendable, CustomStringConvertible {
    public var errno: Int32
    public var description: String { "cannot start a thread: \(String(cString: strerror(errno)))" }
}
