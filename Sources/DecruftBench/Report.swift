import Foundation

/// A plain-text table: the first column left-aligned, the others right-aligned.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: String...) { self.header = header }

    mutating func add(_ cells: String...) { rows.append(cells) }

    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.count > column ? $0[column].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

/// Number formatting for the tables.
enum Format {
    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    static func mb(_ bytes: Int) -> String { fixed(Double(bytes) / 1e6, 1) + " MB" }

    static func mib(_ kib: Int) -> String { fixed(Memory.mib(kib), 1) + " MiB" }

    static func seconds(_ value: Double) -> String { fixed(value, value < 1 ? 4 : 3) }
}

/// The throughput figures of one timed pass over `bytes` in `items` units.
struct Throughput: Codable {
    var stats: Stats
    var bytes: Int
    var items: Int
    /// MB/s from the best CPU time (the headline) and the best wall time.
    var mbPerSecondCPU: Double
    var mbPerSecondWall: Double
    /// Items (documents, pages) per second from the best CPU time.
    var itemsPerSecondCPU: Double

    init(_ stats: Stats, bytes: Int, items: Int) {
        self.stats = stats
        self.bytes = bytes
        self.items = items
        mbPerSecondCPU = Double(bytes) / 1e6 / stats.best.cpuSeconds
        mbPerSecondWall = Double(bytes) / 1e6 / stats.best.wallSeconds
        itemsPerSecondCPU = Double(items) / stats.best.cpuSeconds
    }

    /// Cells: best CPU s, median CPU s, best wall s, median wall s, MB/s (CPU), MB/s (wall), items/s.
    var cells: [String] {
        [Format.seconds(stats.best.cpuSeconds), Format.seconds(stats.median.cpuSeconds),
         Format.seconds(stats.best.wallSeconds), Format.seconds(stats.median.wallSeconds),
         Format.fixed(mbPerSecondCPU, 1), Format.fixed(mbPerSecondWall, 1),
         items > 1 ? Format.fixed(itemsPerSecondCPU, 0) : "-"]
    }

    static let header = ["best CPU s", "median CPU s", "best wall s", "median wall s", "MB/s CPU", "MB/s wall"]
}

extension Table {
    /// A table whose rows are throughput figures; `unit` names the items.
    init(throughputOf label: String, unit: String) {
        header = [label] + Throughput.header + ["\(unit)/s CPU"]
    }

    mutating func add(_ label: String, _ throughput: Throughput) {
        rows.append([label] + throughput.cells)
    }
}

/// Writes a benchmark summary as JSON (snake_case keys).
enum JSONReport {
    static func write<Summary: Encodable>(_ summary: Summary, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(summary)
        data.append(0x0A)
        try data.write(to: URL(fileURLWithPath: path))
    }
}
