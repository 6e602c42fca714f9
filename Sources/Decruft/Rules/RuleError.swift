/// A problem in a rule file, located at file:line:column.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// The id of the rule the problem is in, when known.
    public var ruleID: String?
    public var message: String

    public init(file: String, line: Int, column: Int, ruleID: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.ruleID = ruleID
        self.message = message
    }

    public var description: String {
        let rule = ruleID.map { " rule '\($0)':" } ?? ""
        // Line 0: the problem is the file itself (missing, unreadable).
        if line == 0 { return "\(file):\(rule) \(message)" }
        return "\(file):\(line):\(column):\(rule) \(message)"
    }
}
