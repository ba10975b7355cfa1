/// How many terminal columns text takes: East Asian wide and fullwidth characters
/// (Chinese, Japanese, Korean, fullwidth punctuation, emoji) take two, combining marks none.
///
/// ```swift
/// DisplayWidth.of("话费查询 bill")   // 13
/// DisplayWidth.pad("话费", to: 6)    // "话费  "
/// ```
public enum DisplayWidth {
    /// The columns `text` takes in a terminal with a monospaced font.
    public static func of(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The columns one character (grapheme cluster) takes: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        var width = 0
        for scalar in character.unicodeScalars {
            let scalarWidth = of(scalar)
            // A cluster is as wide as its widest part (an emoji with a variation selector, a letter with accents).
            width = max(width, scalarWidth)
        }
        return width
    }

    /// The columns one Unicode scalar takes.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 { return 0 }
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) { return 0 }  // Hangul medial vowels and final consonants join the syllable.
        if isWide(value) { return 2 }
        return 1
    }

    /// `text` followed by spaces up to `width` columns (nothing added when it is already wider).
    public static func pad(_ text: String, to width: Int) -> String {
        let missing = width - of(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    /// `text` broken into lines of at most `width` columns: at spaces between words, and
    /// anywhere between Chinese characters (which need no spaces).
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, of(text) > width else { return [text] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for token in tokens(of: text) {
            let tokenWidth = of(token)
            if lineWidth + tokenWidth > width, !line.isEmpty {
                lines.append(trimmingTrailingSpaces(line))
                line = ""
                lineWidth = 0
                if token == " " { continue }
            }
            if tokenWidth > width {
                // A word longer than a line: cut it by characters.
                for character in token {
                    let characterWidth = of(character)
                    if lineWidth + characterWidth > width, !line.isEmpty {
                        lines.append(line)
                        line = ""
                        lineWidth = 0
                    }
                    line.append(character)
                    lineWidth += characterWidth
                }
                continue
            }
            line += token
            lineWidth += tokenWidth
        }
        if !line.isEmpty { lines.append(trimmingTrailingSpaces(line)) }
        return lines
    }

    /// Words, single spaces, and each wide character on its own, so lines may break between them.
    private static func tokens(of text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        for character in text {
            if character == " " || of(character) == 2 {
                if !word.isEmpty { tokens.append(word) }
                word = ""
                tokens.append(String(character))
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }

    private static func trimmingTrailingSpaces(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }

    /// East Asian Width W and F ranges (Unicode 15), plus emoji shown as pictographs.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
            0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
            0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
            0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
            0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
            0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
            0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x16FE0...0x18AFF, 0x1B000...0x1B2FF, 0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A,
            0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB,
            0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }
}
