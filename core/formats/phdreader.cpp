#include "phdreader.h"

#include "stats/positionhistogram.h" // kMaxQuality: every value read must fit a histogram bin
#include "textscan.h"

#include <algorithm>
#include <cstring>

namespace qc {

namespace {

using text::isDigit;
using text::isSpace;

QByteArrayView trimmed(QByteArrayView line)
{
    while (!line.isEmpty() && isSpace(line.front()))
        line = line.sliced(1);
    while (!line.isEmpty() && isSpace(line.back()))
        line.chop(1);
    return line;
}

// Splits a trimmed line at its first run of spaces: returns the word, leaves the rest trimmed.
QByteArrayView takeWord(QByteArrayView &rest)
{
    const QByteArrayView word = rest.first(std::find_if(rest.begin(), rest.end(), isSpace) - rest.begin());
    rest = trimmed(rest.sliced(word.size()));
    return word;
}

// Text echoed in a message: a line of binary junk must not become a megabyte-long message.
QString quoted(QByteArrayView text)
{
    constexpr qsizetype kMaxShown = 20;
    QString shown = QString::fromUtf8(text.first(std::min(text.size(), kMaxShown)));
    if (text.size() > kMaxShown)
        shown += u'\x2026';
    return shown;
}

bool isWholeNumber(QByteArrayView word)
{
    return !word.isEmpty() && std::all_of(word.begin(), word.end(), isDigit);
}

// "base quality [peak]": why the line is not one, or nothing once its quality is appended.
std::optional<QString> appendBase(QByteArrayView line, std::vector<std::uint8_t> &qualities)
{
    QByteArrayView rest = line;
    const QByteArrayView base = takeWord(rest);
    const QByteArrayView quality = takeWord(rest);
    const QByteArrayView peak = takeWord(rest);
    if (quality.isEmpty() || !rest.isEmpty())
        return QStringLiteral("a DNA line holds a base, its quality and optionally its peak "
                              "position, not '%1'")
            .arg(quoted(line));
    if (base.size() != 1)
        return QStringLiteral("'%1' is not a base").arg(quoted(base));
    if (!isWholeNumber(quality)) {
        if (quality.front() == '-' && isWholeNumber(quality.sliced(1)))
            return QStringLiteral("quality %1 is negative").arg(quoted(quality));
        return QStringLiteral("quality '%1' is not a whole number").arg(quoted(quality));
    }
    unsigned value = 0;
    for (char digit : quality) // stops growing once out of range: "4242424242" cannot overflow
        value = std::min(value * 10 + unsigned(digit - '0'), unsigned(kMaxQuality) + 1);
    if (value > unsigned(kMaxQuality))
        return QStringLiteral("quality %1 is above %2").arg(quoted(quality)).arg(kMaxQuality);
    if (!peak.isEmpty() && !isWholeNumber(peak))
        return QStringLiteral("peak position '%1' is not a whole number").arg(quoted(peak));
    qualities.push_back(std::uint8_t(value));
    return std::nullopt;
}

// Where the parser is. Tags (BEGIN_TAG ... END_TAG) and whole-read items (WR{ ... }) are what
// consed writes between records.
enum class Block { None, Record, Comment, Dna, AfterDna, Tag, WholeRead };

class PhdParser
{
public:
    explicit PhdParser(ParsedReads &out)
        : m_out(out)
    {}

    std::optional<QString> handleLine(qint64 number, QByteArrayView line)
    {
        QByteArrayView rest = line;
        const QByteArrayView keyword = takeWord(rest);
        switch (m_block) {
        case Block::None:
            return handleOutside(number, line, keyword, rest);
        case Block::Record:
            return handleRecord(number, line, keyword);
        case Block::Comment:
            if (keyword == "END_COMMENT")
                m_block = Block::Record;
            else if (keyword == "BEGIN_DNA" || keyword == "BEGIN_SEQUENCE" || keyword == "END_SEQUENCE")
                return missing(keyword, QStringLiteral("comment block"), QStringLiteral("END_COMMENT"));
            return std::nullopt;
        case Block::Dna:
            return handleDna(line, keyword);
        case Block::AfterDna:
            if (keyword == "END_SEQUENCE")
                m_block = Block::None;
            else if (!line.isEmpty())
                return QStringLiteral("'%1' after END_DNA, where the record opened on line %2 "
                                      "needs END_SEQUENCE")
                    .arg(quoted(line), QString::number(m_recordLine));
            return std::nullopt;
        case Block::Tag:
        case Block::WholeRead: {
            const bool isTag = m_block == Block::Tag;
            if (keyword == "BEGIN_SEQUENCE")
                return missing(keyword, isTag ? QStringLiteral("tag") : QStringLiteral("WR{ block"),
                               isTag ? QStringLiteral("END_TAG") : QStringLiteral("'}'"));
            if (isTag ? keyword == "END_TAG" : line == "}")
                m_block = Block::None;
            return std::nullopt;
        }
        }
        return std::nullopt;
    }

    // At the end of the file: the line of the block left open and what is missing, if any.
    std::optional<ReadError> finish() const
    {
        const auto open = [this](const char *what) { return ReadError{m_blockLine, -1, QString::fromLatin1(what)}; };
        switch (m_block) {
        case Block::None:
            return std::nullopt;
        case Block::Record:
            return open("the record opened on this line has no BEGIN_DNA block");
        case Block::Comment:
            return open("END_COMMENT is missing: the file ends inside the comment block opened "
                        "on this line");
        case Block::Dna:
            return open("END_DNA is missing: the file ends inside the DNA block opened on this "
                        "line");
        case Block::AfterDna:
            return ReadError{m_recordLine, -1,
                             QStringLiteral("END_SEQUENCE is missing: the file ends inside the "
                                            "record opened on this line")};
        case Block::Tag:
            return open("END_TAG is missing: the file ends inside the tag opened on this line");
        case Block::WholeRead:
            return open("'}' is missing: the file ends inside the WR{ block opened on this line");
        }
        return std::nullopt;
    }

private:
    std::optional<QString> handleOutside(qint64 number, QByteArrayView line, QByteArrayView keyword,
                                         QByteArrayView rest)
    {
        if (keyword == "BEGIN_SEQUENCE") {
            if (rest.isEmpty())
                return QStringLiteral("BEGIN_SEQUENCE without a read name");
            const QByteArray name = takeWord(rest).toByteArray();
            m_out.reads.push_back(ReadRecord{name, m_out.qualities.size(), 0});
            m_recordLine = number;
            open(Block::Record, number);
        } else if (keyword == "BEGIN_TAG" || line.startsWith("WR{")) {
            open(keyword == "BEGIN_TAG" ? Block::Tag : Block::WholeRead, number);
        } else if (!line.isEmpty() && !line.startsWith('#')) {
            return QStringLiteral("'%1' outside a record; records start with BEGIN_SEQUENCE").arg(quoted(line));
        }
        return std::nullopt;
    }

    std::optional<QString> handleRecord(qint64 number, QByteArrayView line, QByteArrayView keyword)
    {
        if (keyword == "BEGIN_COMMENT" || keyword == "BEGIN_DNA")
            open(keyword == "BEGIN_DNA" ? Block::Dna : Block::Comment, number);
        else if (keyword == "END_SEQUENCE")
            return QStringLiteral("the record opened on line %1 ends without a BEGIN_DNA block").arg(m_recordLine);
        else if (!line.isEmpty())
            return QStringLiteral("'%1' where the record opened on line %2 needs BEGIN_COMMENT or "
                                  "BEGIN_DNA")
                .arg(quoted(line), QString::number(m_recordLine));
        return std::nullopt;
    }

    std::optional<QString> handleDna(QByteArrayView line, QByteArrayView keyword)
    {
        if (keyword == "END_DNA") {
            m_block = Block::AfterDna;
            m_out.reads.back().length = m_out.qualities.size() - m_out.reads.back().offset;
        } else if (keyword.startsWith("BEGIN_") || keyword.startsWith("END_")) {
            return missing(keyword, QStringLiteral("DNA block"), QStringLiteral("END_DNA"));
        } else if (!line.isEmpty()) {
            return appendBase(line, m_out.qualities);
        }
        return std::nullopt;
    }

    QString missing(QByteArrayView keyword, const QString &block, const QString &end) const
    {
        return QStringLiteral("%1 inside the %2 opened on line %3: %4 is missing")
            .arg(quoted(keyword), block, QString::number(m_blockLine), end);
    }

    void open(Block block, qint64 line)
    {
        m_block = block;
        m_blockLine = line;
    }

    ParsedReads &m_out;
    Block m_block = Block::None;
    qint64 m_recordLine = 0; // the BEGIN_SEQUENCE of the record being read
    qint64 m_blockLine = 0; // where the innermost open block starts
};

} // namespace

bool looksLikePhd(QByteArrayView data)
{
    // Only the start is looked at, however many blank or comment lines a file opens with.
    data = data.first(std::min<qsizetype>(data.size(), 64 * 1024));
    while (!data.isEmpty()) {
        const qsizetype newline = data.indexOf('\n');
        QByteArrayView line = trimmed(data.first(newline < 0 ? data.size() : newline));
        if (!line.isEmpty() && !line.startsWith('#'))
            return takeWord(line) == "BEGIN_SEQUENCE";
        data = newline < 0 ? QByteArrayView() : data.sliced(newline + 1);
    }
    return false;
}

std::optional<ReadError> parsePhd(QByteArrayView data, ParsedReads &out)
{
    out.format = "phd";
    if (data.isEmpty())
        return std::nullopt; // no records; and memchr must not see the null data of an empty view
    const char *const begin = data.data();
    const char *const end = begin + data.size();
    const auto *nul = static_cast<const char *>(std::memchr(begin, '\0', std::size_t(data.size())));
    if (nul)
        return ReadError{1 + std::count(begin, nul, '\n'), -1, QStringLiteral("binary data (NUL byte)")};

    // A DNA line takes at least four bytes ("a 9\n"): the most values the text can add, reserved
    // once, growing at least twofold when many files are appended to one ParsedReads.
    const std::size_t mostValues = out.qualities.size() + std::size_t(data.size()) / 4 + 1;
    if (mostValues > out.qualities.capacity())
        out.qualities.reserve(std::max(mostValues, 2 * out.qualities.capacity()));

    PhdParser parser(out);
    qint64 line = 0;
    for (const char *p = begin; p < end;) {
        const auto *found = static_cast<const char *>(std::memchr(p, '\n', std::size_t(end - p)));
        const char *const lineEnd = found ? found : end;
        if (auto reason = parser.handleLine(++line, trimmed(QByteArrayView(p, lineEnd - p))))
            return ReadError{line, -1, *reason};
        p = found ? found + 1 : end;
    }
    return parser.finish();
}

} // namespace qc
