#include "experimentfile.h"

#include "stats/positionhistogram.h" // kMaxQuality: every value read must fit a histogram bin

#include <algorithm>
#include <cstring>

// Last: io_lib's headers define macros freely.
#include "iolib.h"

namespace qc {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Where io_lib's last AV entry starts and how many continuation lines it joined to it, which
// give each value its line. io_lib reads lines whole, only up to the last '\n', and an SQ block
// up to its "//" (in 127-byte pieces); a line whose first word starts with AV continues the AV
// entry of the line before when its value starts at column 11 or later.
struct AvEntry
{
    qint64 line = 0;
    qsizetype continuations = 0;
};

// Also refuses what io_lib's line reader mishandles: it steps before its buffer on a NUL byte,
// reads three bytes past an LT value that fills its 128-byte line, and writes a byte past an
// entry it extends when a continuation line leaves nothing from column 11 on: nine bytes ending
// in blanks ("AV       "), or a first word of exactly ten bytes (both found by fuzzing).
std::optional<ReadError> scanExperimentLines(QByteArrayView data, AvEntry &av)
{
    static constexpr const char *kContinued[] = {"TG", "TC", "ON", "AV", "NT", "FT"};
    bool previousIsAv = false, inSequence = false;
    qint64 line = 0;
    for (qsizetype at = 0; at < data.size();) {
        ++line;
        const qsizetype newline = data.indexOf('\n', at);
        const QByteArrayView text = data.sliced(at, (newline < 0 ? data.size() : newline) - at);
        at += text.size() + 1;
        if (text.contains('\0'))
            return ReadError{line, -1, QStringLiteral("binary data (NUL byte)")};
        if (newline < 0)
            break;
        if (inSequence) { // io_lib reads these in 127-byte pieces: one piece a line, or it errs
            if (text.size() > 126)
                return ReadError{line, -1,
                                 QStringLiteral("a sequence line is longer than 126 "
                                                "characters")};
            inSequence = !text.startsWith("//");
            continue;
        }
        // Columns counted from 0 as io_lib does; a line with no value has it past the '\n'.
        const qsizetype wordEnd = std::find_if(text.begin(), text.end(), isSpace) - text.begin();
        qsizetype valueAt = std::find_if_not(text.begin() + wordEnd, text.end(), isSpace) - text.begin();
        if (valueAt == text.size())
            valueAt = text.size() + 1;
        const bool continuable = wordEnd >= 2
            && std::any_of(std::begin(kContinued), std::end(kContinued),
                           [text](const char *code) { return text.startsWith(code); });
        if (continuable && (wordEnd == 10 || (text.size() == 9 && valueAt == 10)))
            return ReadError{line, -1,
                             QStringLiteral("malformed %1 continuation line").arg(QString::fromLatin1(text.first(2)))};
        if (text.startsWith("LT") && text.size() > 100)
            return ReadError{line, -1, QStringLiteral("the LT line is longer than 100 characters")};
        const bool isAv = wordEnd >= 2 && text.startsWith("AV");
        if (isAv && previousIsAv && valueAt >= 10)
            ++av.continuations;
        else if (isAv)
            av = AvEntry{line, 0};
        previousIsAv = isAv;
        inSequence = wordEnd >= 2 && text.startsWith("SQ");
    }
    return std::nullopt;
}

// io_lib joins an entry's continuation lines with '\n', which tells the line of each value.
std::optional<ReadError> appendAccuracies(QByteArrayView av, qint64 line, std::vector<std::uint8_t> &out)
{
    for (const char *p = av.begin(); p < av.end();) {
        if (isSpace(*p)) {
            line += line > 0 && *p == '\n';
            ++p;
            continue;
        }
        const char *const token = p;
        int value = 0;
        for (; p < av.end() && *p >= '0' && *p <= '9'; ++p)
            value = std::min(value * 10 + (*p - '0'), 1000); // stops growing once out of range
        const bool wholeNumber = p > token && (p == av.end() || isSpace(*p));
        p = std::find_if(p, av.end(), isSpace);
        const QString shown = QString::fromUtf8(token, std::min<qsizetype>(p - token, 20));
        if (!wholeNumber)
            return ReadError{line, -1, QStringLiteral("AV value '%1' is not a whole number").arg(shown)};
        if (value > kMaxQuality)
            return ReadError{line, -1, QStringLiteral("quality %1 is above %2").arg(shown).arg(kMaxQuality)};
        out.push_back(std::uint8_t(value));
    }
    return std::nullopt;
}

} // namespace

bool looksLikeExperimentFile(QByteArrayView data)
{
    // io_lib's own test is "ID   " at the start, but any of its line types may open a file it
    // reads: two capital letters, then three spaces. (Its table of line types lives in the library,
    // which is loaded only when a trace is read, not for every file's first bytes.)
    const auto capital = [](char c) { return c >= 'A' && c <= 'Z'; };
    return data.size() >= 5 && capital(data[0]) && capital(data[1]) && data.sliced(2, 3) == "   ";
}

std::optional<ReadError> readExperimentFile(QByteArrayView data, std::vector<std::uint8_t> &out, QByteArray &name)
{
    AvEntry av;
    if (auto error = scanExperimentLines(data, av))
        return error;
    // Not exp2read(): it opens the trace file an LN line names, relative to the working directory.
    std::optional<QByteArray> sequence, accuracies;
    QString why;
    const IoLib *lib = loadIoLib(&why);
    if (!lib)
        return ReadError{0, -1, why};
    {
        const std::lock_guard lock(ioLibMutex);
        const IoLibPtr<mFILE> file = memoryFile(*lib, data);
        const IoLibPtr<Exp_info> info(file ? lib->exp_mfread_info(file.get()) : nullptr);
        if (!info)
            return ReadError{0, -1,
                             QStringLiteral("io_lib could not read it as an experiment "
                                            "file")};
        const auto last = [&info](int type) -> std::optional<QByteArray> {
            if (exp_Nentries(info.get(), type) <= 0 || !exp_get_entry(info.get(), type))
                return std::nullopt;
            return QByteArray(exp_get_entry(info.get(), type));
        };
        sequence = last(EFLT_SQ);
        accuracies = last(EFLT_AV);
        name = last(EFLT_ID).value_or(last(EFLT_EN).value_or(QByteArray())).trimmed();
    }
    if (!accuracies)
        return ReadError{0, -1, QStringLiteral("it has no quality values (no AV lines)")};
    if (!sequence || sequence->isEmpty())
        return ReadError{0, -1, QStringLiteral("it has no sequence (no SQ lines)")};
    // Where io_lib saw the lines otherwise than the scan (damaged files), no line is named.
    const qint64 avLine = accuracies->count('\n') == av.continuations ? av.line : 0;
    const std::size_t first = out.size();
    if (auto error = appendAccuracies(*accuracies, avLine, out))
        return error;
    const std::size_t count = out.size() - first;
    if (count != std::size_t(sequence->size()))
        return ReadError{avLine, -1,
                         QStringLiteral("the AV lines give %1 quality values for the "
                                        "%2 bases of the sequence")
                             .arg(count)
                             .arg(sequence->size())};
    for (std::size_t i = 0; i < count; ++i)
        if (!std::strchr("ACGTacgt", (*sequence)[qsizetype(i)]))
            out[first + i] = 0; // no called base, as in SCF and ZTR
    return std::nullopt;
}

} // namespace qc
