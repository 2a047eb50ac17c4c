#include "fastqreader.h"

#include "stats/positionhistogram.h" // kMaxQuality: every value read must fit a histogram bin
#include "textscan.h"

#include <algorithm>
#include <cstring>

namespace qc {

namespace {

using text::isSpace;

// Phred+33: '!' is quality 0 and '~' is 93, the whole of printable ASCII.
constexpr char kLowestQuality = '!';
constexpr char kHighestQuality = '~';
static_assert(kHighestQuality - kLowestQuality <= kMaxQuality);

// Which offset the qualities use is written nowhere in a FASTQ file. Sanger FASTQ and Illumina
// 1.8+ add 33 to the Phred value; Illumina 1.3 to 1.7 added 64 ('@' is 0, 'B' the lowest in
// 1.5+), and Solexa files add 64 to a score that goes down to -5 (';'). Read as Phred+33, such a
// file gains 31 on every value and looks excellent. So a character below ';' proves Phred+33,
// and a file whose lowest character is ';' or above is refused: it is Phred+64, Solexa, or a
// Phred+33 file in which no value is below 26, and these cannot be told apart. Checked against
// Biopython's and BioPerl's test files: every Sanger file holds a value of 25 or less, and every
// Solexa and Illumina 1.3+ file's lowest character is ';' or above (';' itself in Solexa files,
// so the bound cannot be higher). BioPerl's test.fastq and test_clear_range.fastq, which it reads
// as Sanger only by default, hold Illumina 1.3 and 1.5 data and are refused.
constexpr char kLowestPhred64OrSolexa = ';';

// Printable ASCII without the space: every quality character, and all a sequence line may hold.
// Bytes from 0x80 up fail this whether char is signed or not.
bool isPrintable(char c)
{
    return c >= kLowestQuality && c <= kHighestQuality;
}

// A byte in a message: control characters and binary junk by their code, not as themselves.
QString describeByte(char c)
{
    if (c == ' ')
        return QStringLiteral("a space");
    if (c == '\t')
        return QStringLiteral("a tab");
    if (isPrintable(c))
        return QStringLiteral("'%1'").arg(QLatin1Char(c));
    return QStringLiteral("byte 0x%1").arg(QString::number(uchar(c), 16).toUpper().rightJustified(2, u'0'));
}

const char *findInvalid(const char *begin, const char *end)
{
    return std::find_if_not(begin, end, isPrintable);
}

// One line without its line end and trailing spaces, as Biopython's rstrip() sees it.
struct Line
{
    const char *begin = nullptr;
    const char *end = nullptr;
    qint64 number = 0;

    bool isBlank() const { return begin == end; }
    char first() const { return *begin; } // only on a line that is not blank
    qsizetype size() const { return end - begin; }
};

// Biopython's grammar (Bio.SeqIO.QualityIO.FastqGeneralIterator): a '@' title, sequence lines up
// to a line starting with '+', then quality lines until there are as many characters as bases.
// Only that count tells a quality line starting with '@' from the next title, so the quality
// ends exactly when the count is reached and the next line that is not blank must be a title.
class FastqParser
{
public:
    explicit FastqParser(ParsedReads &out)
        : m_out(out)
        , m_firstRead(out.reads.size())
    {}

    std::optional<ReadError> parse(const char *begin, const char *end)
    {
        qint64 number = 0;
        for (const char *p = begin; p < end;) {
            const auto *found = static_cast<const char *>(std::memchr(p, '\n', std::size_t(end - p)));
            const char *lineEnd = found ? found : end;
            while (lineEnd > p && isSpace(lineEnd[-1]))
                --lineEnd;
            if (auto error = handleLine(Line{p, lineEnd, ++number}))
                return error;
            p = found ? found + 1 : end;
        }
        return finish(number);
    }

private:
    enum class Expect { Title, Sequence, Quality };

    std::optional<ReadError> handleLine(const Line &line)
    {
        if (line.isBlank())
            return std::nullopt; // blank lines carry nothing, wherever they are (as in Biopython)
        switch (m_expect) {
        case Expect::Title:
            return handleTitle(line);
        case Expect::Sequence:
            return handleSequence(line);
        case Expect::Quality:
            return handleQuality(line);
        }
        return std::nullopt;
    }

    std::optional<ReadError> handleTitle(const Line &line)
    {
        if (line.first() != '@') {
            if (record() == 0)
                return error(line, QStringLiteral("record 1 does not begin with a '@' title line"));
            // Biopython would read on as quality; the record then has too many values.
            return tooManyQualities(line);
        }
        m_titleBegin = line.begin + 1;
        m_titleEnd = line.end;
        const char *name = std::find_if_not(m_titleBegin, m_titleEnd, isSpace);
        ReadRecord read;
        read.name = QByteArray(name, std::find_if(name, m_titleEnd, isSpace) - name);
        read.offset = m_out.qualities.size();
        m_out.reads.push_back(std::move(read));
        m_bases = 0;
        m_qualities = 0;
        m_expect = Expect::Sequence;
        return std::nullopt;
    }

    std::optional<ReadError> handleSequence(const Line &line)
    {
        if (line.first() == '+')
            return handlePlus(line);
        if (line.first() == '@')
            return error(line, QStringLiteral("record %1 has no '+' line before the next '@' title").arg(record()));
        if (const char *bad = findInvalid(line.begin, line.end); bad != line.end)
            return error(
                line,
                QStringLiteral("record %1 has %2 in its sequence").arg(QString::number(record()), describeByte(*bad)));
        m_bases += line.size();
        return std::nullopt;
    }

    std::optional<ReadError> handlePlus(const Line &line)
    {
        // The title may be repeated after '+'; if it is, it must be the same.
        const QByteArrayView repeated(line.begin + 1, line.end);
        if (!repeated.isEmpty() && repeated != QByteArrayView(m_titleBegin, m_titleEnd))
            return error(line,
                         QStringLiteral("record %1 has a different title on its '+' line "
                                        "than on its '@' line")
                             .arg(record()));
        m_out.reads.back().length = std::size_t(m_bases); // the quality must match, or no read
        m_expect = m_bases == 0 ? Expect::Title : Expect::Quality;
        return std::nullopt;
    }

    std::optional<ReadError> handleQuality(const Line &line)
    {
        if (line.size() > m_bases - m_qualities) {
            // Too long to be the rest of the quality: a title means this quality ended short.
            if (line.first() == '@')
                return error(line,
                             QStringLiteral("record %1 has only %2 quality values for %3 "
                                            "bases")
                                 .arg(record())
                                 .arg(m_qualities)
                                 .arg(m_bases));
            return tooManyQualities(line);
        }
        if (const char *bad = findInvalid(line.begin, line.end); bad != line.end)
            return error(line,
                         QStringLiteral("record %1 has %2 in its quality; Sanger FASTQ "
                                        "qualities are '!' to '~'")
                             .arg(QString::number(record()), describeByte(*bad)));
        const char *lowest = std::min_element(line.begin, line.end);
        if (*lowest < m_lowest) {
            m_lowest = *lowest;
            m_lowestLine = line.number;
            m_lowestRecord = record();
        }
        for (const char *p = line.begin; p < line.end; ++p)
            m_out.qualities.push_back(std::uint8_t(*p - kLowestQuality));
        m_qualities += line.size();
        if (m_qualities == m_bases)
            m_expect = Expect::Title;
        return std::nullopt;
    }

    std::optional<ReadError> finish(qint64 lastLine) const
    {
        const Line end{nullptr, nullptr, lastLine};
        switch (m_expect) {
        case Expect::Title:
            break;
        case Expect::Sequence:
            return error(end, QStringLiteral("the file ends within record %1, before its '+' line").arg(record()));
        case Expect::Quality:
            return error(end,
                         QStringLiteral("the file ends within record %1, after %2 of its %3 "
                                        "quality values")
                             .arg(record())
                             .arg(m_qualities)
                             .arg(m_bases));
        }
        if (m_lowest == kNoQualityYet || m_lowest < kLowestPhred64OrSolexa)
            return std::nullopt;
        return ReadError{m_lowestLine, -1,
                         QStringLiteral("no quality character is below ';' (the lowest is %1, in "
                                        "record %2): the qualities look like Phred+64 (Illumina "
                                        "1.3 to 1.7) or Solexa, which would be misread as Sanger; "
                                        "convert the file to Sanger FASTQ (Phred+33)")
                             .arg(describeByte(m_lowest), QString::number(m_lowestRecord))};
    }

    std::optional<ReadError> tooManyQualities(const Line &line) const
    {
        return error(line,
                     QStringLiteral("record %1 has more quality values than its %2 bases").arg(record()).arg(m_bases));
    }

    static ReadError error(const Line &line, const QString &message) { return ReadError{line.number, -1, message}; }

    // 1-based number of the record being read, counted within this text.
    qint64 record() const { return qint64(m_out.reads.size() - m_firstRead); }

    static constexpr char kNoQualityYet = kHighestQuality + 1;

    ParsedReads &m_out;
    const std::size_t m_firstRead;
    Expect m_expect = Expect::Title;
    const char *m_titleBegin = nullptr; // the current record's title, after '@'
    const char *m_titleEnd = nullptr;
    qsizetype m_bases = 0;
    qsizetype m_qualities = 0;
    char m_lowest = kNoQualityYet; // the lowest quality character so far, and where it was first
    qint64 m_lowestLine = 0;
    qint64 m_lowestRecord = 0;
};

} // namespace

bool looksLikeFastq(QByteArrayView data)
{
    const auto *first = std::find_if_not(data.begin(), data.end(), [](char c) { return c == '\n' || isSpace(c); });
    return first != data.end() && *first == '@';
}

std::optional<ReadError> parseFastq(QByteArrayView data, ParsedReads &out)
{
    out.format = "fastq";
    if (data.isEmpty())
        return std::nullopt; // no records; and memchr must not see the null data of an empty view

    // Every quality character stands beside a base, so at most half the bytes are values;
    // reserving once keeps push_back from reallocating mid-file. Growing at least twofold keeps
    // callers that append many texts to one ParsedReads from copying quadratically.
    const std::size_t mostValues = out.qualities.size() + std::size_t(data.size()) / 2 + 1;
    if (mostValues > out.qualities.capacity())
        out.qualities.reserve(std::max(mostValues, 2 * out.qualities.capacity()));

    return FastqParser(out).parse(data.data(), data.data() + data.size());
}

} // namespace qc
