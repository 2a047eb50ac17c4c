#include "qualreader.h"

#include "stats/positionhistogram.h" // kMaxQuality: every value read must fit a histogram bin
#include "textscan.h"

#include <algorithm>
#include <cstring>

namespace qc {

namespace {

using text::isDigit;
using text::isSpace;

const char *skipSpaces(const char *p, const char *end)
{
    while (p < end && isSpace(*p))
        ++p;
    return p;
}

const char *skipToken(const char *p, const char *end)
{
    while (p < end && !isSpace(*p))
        ++p;
    return p;
}

// A token echoed in a message: a line of binary junk must not become a megabyte-long message.
QString quoted(const char *begin, const char *end)
{
    constexpr qsizetype kMaxShown = 20;
    const qsizetype size = end - begin;
    QString shown = QString::fromUtf8(begin, std::min(size, kMaxShown));
    if (size > kMaxShown)
        shown += u'\x2026';
    return shown;
}

QString badTokenMessage(const char *begin, const char *end)
{
    const bool negative = end - begin > 1 && *begin == '-' && std::all_of(begin + 1, end, isDigit);
    if (negative)
        return QStringLiteral("quality %1 is negative").arg(quoted(begin, end));
    return QStringLiteral("'%1' is not a whole number").arg(quoted(begin, end));
}

// Appends the values of one line. This loop is where a file's time goes, hence no QString and
// no allocation beyond the vector's own growth.
std::optional<QString> appendValues(const char *p, const char *end, std::vector<std::uint8_t> &values)
{
    for (;;) {
        p = skipSpaces(p, end);
        if (p == end)
            return std::nullopt;
        const char *token = p;
        unsigned value = 0;
        for (; p < end && isDigit(*p); ++p) {
            // Stop accumulating once out of range so that "4242424242" cannot overflow.
            if (value <= unsigned(kMaxQuality))
                value = value * 10 + unsigned(*p - '0');
        }
        if (p == token || (p < end && !isSpace(*p)))
            return badTokenMessage(token, skipToken(p, end));
        if (value > unsigned(kMaxQuality))
            return QStringLiteral("quality %1 is above %2").arg(quoted(token, p), QString::number(kMaxQuality));
        values.push_back(std::uint8_t(value));
    }
}

qint64 lineNumberAt(const char *begin, const char *at)
{
    return 1 + std::count(begin, at, '\n');
}

} // namespace

std::optional<ReadError> parseQual(QByteArrayView text, ParsedReads &out)
{
    out.format = "qual";
    if (text.isEmpty())
        return std::nullopt; // no records; and memchr must not see the null data of an empty view
    const char *const begin = text.data();
    const char *const end = begin + text.size();

    // One memchr over the whole file costs little and keeps the value loop free of this check.
    const auto *nul = static_cast<const char *>(std::memchr(begin, '\0', std::size_t(text.size())));
    if (nul)
        return ReadError{lineNumberAt(begin, nul), -1, QStringLiteral("binary data (NUL byte)")};

    // Every value takes at least two bytes (digit and separator), so this is the most the file
    // can add; reserving it once keeps push_back from reallocating mid-file. Growing at least
    // twofold keeps callers that append many texts to one ParsedReads from copying quadratically.
    const std::size_t mostValues = out.qualities.size() + std::size_t(text.size()) / 2 + 1;
    if (mostValues > out.qualities.capacity())
        out.qualities.reserve(std::max(mostValues, 2 * out.qualities.capacity()));

    const std::size_t firstRead = out.reads.size();
    const auto finishRead = [&out, firstRead] {
        if (out.reads.size() > firstRead)
            out.reads.back().length = out.qualities.size() - out.reads.back().offset;
    };

    qint64 line = 0;
    for (const char *p = begin; p < end;) {
        ++line;
        const auto *found = static_cast<const char *>(std::memchr(p, '\n', std::size_t(end - p)));
        const char *const lineEnd = found ? found : end;
        p = skipSpaces(p, lineEnd);

        if (p == lineEnd) {
            // Blank or whitespace-only lines carry nothing, wherever they are.
        } else if (*p == '>') {
            finishRead();
            const char *name = skipSpaces(p + 1, lineEnd);
            ReadRecord read;
            read.name = QByteArray(name, skipToken(name, lineEnd) - name);
            read.offset = out.qualities.size();
            out.reads.push_back(std::move(read));
        } else if (out.reads.size() == firstRead) {
            return ReadError{line, -1, QStringLiteral("quality values before the first '>' header")};
        } else if (auto message = appendValues(p, lineEnd, out.qualities)) {
            return ReadError{line, -1, *message};
        }
        p = found ? found + 1 : end;
    }
    finishRead();
    return std::nullopt;
}

} // namespace qc
