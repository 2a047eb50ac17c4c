#include "tracereader.h"

#include "stats/positionhistogram.h" // kMaxQuality: every value read must fit a histogram bin

#include <QtEndian>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>

#include <zlib.h>

// Last: io_lib's headers define macros freely (be_int4, SEEK_SET...).
#include <io_lib/Read.h>
#include <io_lib/expFileIO.h>
#include <io_lib/scf.h>
#include <io_lib/ztr.h>

namespace qc {

namespace {

using namespace Qt::StringLiterals;

// io_lib is not reentrant: its readers share process-wide state without locks (tables filled on
// first use in expFileIO.c and translate.c, the read_sections() mode, compress.c's bookkeeping).
// parseTrace runs on QtConcurrent workers, so every call into io_lib holds this lock. io_lib
// takes 0.1-0.3 ms on a trace, so the workers barely wait.
std::mutex ioLibMutex;

struct IoLibDeleter
{
    void operator()(mFILE *file) const { mfdestroy(file); }
    void operator()(Scf *scf) const { scf_deallocate(scf); }
    void operator()(ztr_t *ztr) const { delete_ztr(ztr); }
    void operator()(Read *read) const { read_deallocate(read); }
    void operator()(Exp_info *info) const { exp_destroy_info(info); }
};
template <typename T>
using IoLibPtr = std::unique_ptr<T, IoLibDeleter>;

// An mFILE frees its buffer when destroyed and may write into it (mungetc), so io_lib gets a
// malloc'd copy of our read-only bytes.
IoLibPtr<mFILE> memoryFile(QByteArrayView data)
{
    const std::size_t size = std::size_t(data.size());
    char *copy = static_cast<char *>(std::malloc(std::max<std::size_t>(size, 1)));
    if (!copy)
        return nullptr;
    if (size)
        std::memcpy(copy, data.data(), size);
    return IoLibPtr<mFILE>(mfcreate(copy, int(size)));
}

ReadError failure(const QString &message, qint64 offset = -1)
{
    return ReadError{0, offset, message};
}

quint64 bigEndian32(QByteArrayView data, qsizetype at)
{
    return qFromBigEndian<quint32>(data.data() + at);
}

// The confidence io_lib gives each called base. N, '-' and the like have no called base, and
// io_lib-based tools report 0 for them.
std::optional<ReadError> appendCalledConfidences(const Read &read, std::vector<std::uint8_t> &out)
{
    if (read.NBases <= 0 || !read.base || !read.prob_A || !read.prob_C || !read.prob_G
        || !read.prob_T)
        return failure(QStringLiteral("io_lib found no base calls in it"));
    out.reserve(out.size() + std::size_t(read.NBases));
    for (int i = 0; i < read.NBases; ++i) {
        const char *confidences = nullptr;
        switch (read.base[i]) {
        case 'A': case 'a': confidences = read.prob_A; break;
        case 'C': case 'c': confidences = read.prob_C; break;
        case 'G': case 'g': confidences = read.prob_G; break;
        case 'T': case 't': confidences = read.prob_T; break;
        default: break;
        }
        const int value = confidences ? quint8(confidences[i]) : 0;
        if (value > kMaxQuality)
            return failure(QStringLiteral("quality %1 of base %2 is above %3")
                               .arg(value).arg(i + 1).arg(kMaxQuality));
        out.push_back(std::uint8_t(value));
    }
    return std::nullopt;
}

// ---- SCF ----------------------------------------------------------------------------------

// io_lib allocates and reads whatever the header states: a damaged count made it try to
// allocate gigabytes, or abort. So every section the header points at must lie inside the file.
std::optional<ReadError> checkScfHeader(QByteArrayView data)
{
    if (data.size() < 128)
        return failure(QStringLiteral("the file ends after %1 bytes, inside the 128-byte SCF "
                                      "header").arg(data.size()), data.size());
    const auto field = [data](qsizetype at) { return bigEndian32(data, at); };
    const quint64 sampleSize = field(40);
    if (sampleSize != 1 && sampleSize != 2)
        return failure(QStringLiteral("the header gives samples of %1 bytes; SCF samples have 1 "
                                      "or 2").arg(sampleSize), 40);
    if (field(12) == 0)
        return failure(QStringLiteral("the trace has no base calls"), 12);
    struct Section { const char *name; qsizetype offsetField; quint64 size; };
    const Section sections[] = {{"samples", 8, field(4) * 4 * sampleSize},
                                {"base calls", 24, field(12) * 12},
                                {"comments", 32, field(28)},
                                {"private data", 52, field(48)}};
    const quint64 fileSize = quint64(data.size());
    for (const Section &section : sections) {
        const quint64 offset = field(section.offsetField);
        if (section.size > 0 && (offset > fileSize || section.size > fileSize - offset))
            return failure(QStringLiteral("the %1 (%2 bytes at byte %3) run past the end of the "
                                          "file (%4 bytes)").arg(QLatin1String(section.name))
                               .arg(section.size).arg(offset).arg(fileSize), section.offsetField);
    }
    return std::nullopt;
}

std::optional<ReadError> readScf(QByteArrayView data, std::vector<std::uint8_t> &out)
{
    if (auto error = checkScfHeader(data))
        return error;
    const std::lock_guard lock(ioLibMutex);
    const IoLibPtr<mFILE> file = memoryFile(data);
    const IoLibPtr<Scf> scf(file ? mfread_scf(file.get()) : nullptr);
    const IoLibPtr<Read> read(scf ? scf2read(scf.get()) : nullptr);
    if (!read)
        return failure(QStringLiteral("io_lib could not read it as SCF"));
    return appendCalledConfidences(*read, out);
}

// ---- ZTR ----------------------------------------------------------------------------------

constexpr QByteArrayView kZtrMagic("\256ZTR\r\n\032\n", 8);
constexpr qsizetype kZtrHeaderBytes = 10;
constexpr quint64 kMaxChunkBytes = 16 * 1024 * 1024; // a 2,000-base read's CNF4 chunk is 8 kB

QString chunkName(quint64 type)
{
    char name[4];
    qToBigEndian(quint32(type), name);
    if (std::all_of(name, name + 4, [](char c) { return std::isalnum(quint8(c)); }))
        return QString::fromLatin1(name, 4);
    return QStringLiteral("0x%1").arg(type, 8, 16, QLatin1Char('0'));
}

// io_lib's chunk decoders trust the lengths a file states: they allocate whatever it claims,
// and read and write past their buffers when it lies (corrupted copies made io_lib crash). So
// each chunk io_lib will decode is decoded here first, following io_lib's decoders step for step
// with every length checked, for the encodings its writer uses: zlib, run-length, byte deltas.
std::optional<QString> inflateLayer(QByteArrayView in, QByteArray &out)
{
    const quint64 size = in.size() > 5 ? qFromLittleEndian<quint32>(in.data() + 1) : 0;
    // deflate shrinks by at most 1032:1, so any larger claim is damage.
    if (size == 0 || size > kMaxChunkBytes || size > quint64(in.size() - 5) * 1032)
        return QStringLiteral("its zlib layer claims %1 bytes").arg(size);
    out.resize(qsizetype(size));
    z_stream stream = {};
    if (inflateInit(&stream) != Z_OK)
        return QStringLiteral("zlib cannot start");
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data() + 5));
    stream.avail_in = uInt(in.size() - 5);
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(size);
    const int result = inflate(&stream, Z_FINISH);
    inflateEnd(&stream);
    if (result != Z_STREAM_END || stream.avail_out != 0)
        return QStringLiteral("its zlib data is damaged or does not inflate to the %1 bytes it "
                              "claims").arg(size);
    return std::nullopt;
}

std::optional<QString> unrunLayer(QByteArrayView in, QByteArray &out)
{
    const quint64 size = in.size() > 6 ? qFromLittleEndian<quint32>(in.data() + 1) : 0;
    // A run of at most 255 copies takes three bytes.
    if (size == 0 || size > kMaxChunkBytes || size > quint64(in.size() - 6) * 85)
        return QStringLiteral("its run-length layer claims %1 bytes").arg(size);
    out.resize(qsizetype(size));
    const int guard = quint8(in[5]);
    qsizetype read = 6, written = 0;
    const auto next = [&in, &read] { return read < in.size() ? int(quint8(in[read++])) : -1; };
    while (written < out.size()) {
        int value = next(), count = 1;
        if (value == guard) { // guard, count, value; or guard, 0 for the guard byte itself
            count = next();
            value = count == 0 ? guard : next();
            count = std::max(count, 1);
        }
        if (value < 0 || count < 0)
            return QStringLiteral("its run-length data ends before the %1 bytes it claims")
                .arg(size);
        if (count > out.size() - written)
            return QStringLiteral("a run goes past the %1 bytes its layer claims").arg(size);
        std::memset(out.data() + written, value, std::size_t(count));
        written += count;
    }
    return std::nullopt;
}

std::optional<QString> undeltaLayer(QByteArrayView in, QByteArray &out)
{
    const int level = in.size() > 1 ? quint8(in[1]) : 0;
    if (level < 1 || level > 3 || in.size() < 3)
        return QStringLiteral("its delta layer (level %1, %2 bytes) is damaged")
            .arg(level).arg(in.size());
    out.resize(in.size() - 2);
    unsigned u1 = 0, u2 = 0, u3 = 0; // as bytes: io_lib's signed chars wrap to the same values
    for (qsizetype i = 0; i < out.size(); ++i) {
        const unsigned guess = level == 1 ? u1 : level == 2 ? 2 * u1 - u2 : 3 * u1 - 3 * u2 + u3;
        u3 = u2;
        u2 = u1;
        u1 = (quint8(in[i + 2]) + guess) & 0xffu;
        out[i] = char(u1);
    }
    return std::nullopt;
}

std::optional<QString> decodeChunk(QByteArrayView encoded, QByteArray &decoded)
{
    decoded = encoded.toByteArray();
    for (int layers = 0; !decoded.isEmpty() && decoded[0] != ZTR_FORM_RAW; ++layers) {
        if (layers == 8) // io_lib's writer stacks three
            return QStringLiteral("it has more than 8 layers of encoding");
        QByteArray next;
        std::optional<QString> problem;
        switch (quint8(decoded[0])) {
        case ZTR_FORM_ZLIB: problem = inflateLayer(decoded, next); break;
        case ZTR_FORM_RLE: problem = unrunLayer(decoded, next); break;
        case ZTR_FORM_DELTA1: problem = undeltaLayer(decoded, next); break;
        default:
            return QStringLiteral("it uses encoding %1; this reader knows raw, zlib, run-length "
                                  "and byte delta").arg(quint8(decoded[0]));
        }
        if (problem)
            return problem;
        decoded = std::move(next);
    }
    if (decoded.isEmpty())
        return QStringLiteral("it is empty");
    return std::nullopt;
}

struct ZtrChunk
{
    quint64 type = 0;
    qsizetype at = -1; // its header in the file
    QByteArrayView data;
};

std::optional<ReadError> findZtrChunks(QByteArrayView data, ZtrChunk &bases, ZtrChunk &confidences)
{
    if (data.size() < kZtrHeaderBytes)
        return failure(QStringLiteral("the file ends after %1 bytes, inside the 10-byte ZTR header")
                           .arg(data.size()), data.size());
    if (quint8(data[8]) != ZTR_VERSION_MAJOR)
        return failure(QStringLiteral("it is ZTR version %1.%2; only version 1 can be read")
                           .arg(quint8(data[8])).arg(quint8(data[9])), 8);
    for (qsizetype at = kZtrHeaderBytes; at < data.size();) {
        if (data.size() - at < 12)
            return failure(QStringLiteral("the file ends inside the chunk header at byte %1")
                               .arg(at), at);
        const quint64 type = bigEndian32(data, at);
        if (type == ZTR_TYPE_HEADER)
            break; // a second file appended: io_lib stops here too
        const quint64 metadata = bigEndian32(data, at + 4);
        if (metadata > quint64(data.size() - at - 12))
            return failure(QStringLiteral("the metadata of the %1 chunk at byte %2 (%3 bytes) runs "
                                          "past the end of the file")
                               .arg(chunkName(type)).arg(at).arg(metadata), at + 4);
        const qsizetype lengthAt = at + 8 + qsizetype(metadata);
        const quint64 length = bigEndian32(data, lengthAt);
        if (length > quint64(data.size() - lengthAt - 4))
            return failure(QStringLiteral("the %1 chunk (%2 bytes at byte %3) runs past the end of "
                                          "the file (%4 bytes)")
                               .arg(chunkName(type)).arg(length).arg(lengthAt + 4).arg(data.size()),
                           lengthAt);
        const bool isBases = type == ZTR_TYPE_BASE;
        if (isBases || type == ZTR_TYPE_CNF4 || type == ZTR_TYPE_CNF1) {
            ZtrChunk &chunk = isBases ? bases : confidences;
            if (chunk.at >= 0)
                return failure(QStringLiteral("it holds a second %1 chunk (at byte %2)")
                                   .arg(isBases ? "BASE"_L1 : "confidence"_L1).arg(at), at);
            chunk = ZtrChunk{type, at, data.sliced(lengthAt + 4, qsizetype(length))};
        }
        at = lengthAt + 4 + qsizetype(length);
    }
    return std::nullopt;
}

void appendChunk(QByteArray &file, const ZtrChunk &chunk)
{
    char header[12];
    qToBigEndian(quint32(chunk.type), header);
    qToBigEndian(quint32(0), header + 4); // metadata: io_lib ignores it for these chunks
    qToBigEndian(quint32(chunk.data.size()), header + 8);
    file.append(header, 12).append(chunk.data);
}

std::optional<ReadError> readZtr(QByteArrayView data, std::vector<std::uint8_t> &out)
{
    ZtrChunk bases, confidences;
    if (auto error = findZtrChunks(data, bases, confidences))
        return error;
    if (bases.at < 0)
        return failure(QStringLiteral("it has no BASE chunk, so no base calls"));
    if (confidences.at < 0)
        return failure(QStringLiteral("it has no quality values (no CNF4 or CNF1 chunk)"));
    QByteArray decodedBases, decodedConfidences;
    for (const auto &[chunk, decoded] : {std::pair{&bases, &decodedBases},
                                         std::pair{&confidences, &decodedConfidences}}) {
        if (auto problem = decodeChunk(chunk->data, *decoded))
            return failure(QStringLiteral("the %1 chunk at byte %2 is damaged: %3")
                               .arg(chunkName(chunk->type), QString::number(chunk->at), *problem),
                           chunk->at);
    }
    const qsizetype count = decodedBases.size() - 1; // after the format byte
    if (count == 0)
        return failure(QStringLiteral("the trace has no base calls"), bases.at);
    const qsizetype expected = 1 + count * (confidences.type == ZTR_TYPE_CNF4 ? 4 : 1);
    if (decodedConfidences.size() != expected)
        return failure(QStringLiteral("the %1 chunk holds %2 bytes for %3 bases instead of %4")
                           .arg(chunkName(confidences.type)).arg(decodedConfidences.size())
                           .arg(count).arg(expected), confidences.at);

    // io_lib gets these two checked chunks alone, BASE first as its decoder needs; traces,
    // positions and text, which quality does not need, never reach its decoders.
    QByteArray checked = data.first(kZtrHeaderBytes).toByteArray();
    appendChunk(checked, bases);
    appendChunk(checked, confidences);
    const std::lock_guard lock(ioLibMutex);
    const IoLibPtr<mFILE> file = memoryFile(checked);
    const IoLibPtr<ztr_t> ztr(file ? mfread_ztr(file.get()) : nullptr);
    if (ztr)
        uncompress_ztr(ztr.get());
    const IoLibPtr<Read> read(ztr ? ztr2read(ztr.get()) : nullptr);
    if (!read || read->NBases != count)
        return failure(QStringLiteral("io_lib could not read it as ZTR"));
    return appendCalledConfidences(*read, out);
}

// ---- Staden experiment files ------------------------------------------------------------

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool looksLikeExperiment(QByteArrayView data)
{
    // io_lib's own test is "ID   " at the start; any of its line types may open a file it reads.
    if (data.size() < 5 || data.sliced(2, 3) != "   ")
        return false;
    return std::any_of(std::begin(eflt_feature_ids), std::end(eflt_feature_ids), [data](auto &id) {
        return id[0] != '\0' && id[0] == data[0] && id[1] == data[1];
    });
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
                return ReadError{line, -1, QStringLiteral("a sequence line is longer than 126 "
                                                          "characters")};
            inSequence = !text.startsWith("//");
            continue;
        }
        // Columns counted from 0 as io_lib does; a line with no value has it past the '\n'.
        const qsizetype wordEnd = std::find_if(text.begin(), text.end(), isSpace) - text.begin();
        qsizetype valueAt = std::find_if_not(text.begin() + wordEnd, text.end(), isSpace)
                            - text.begin();
        if (valueAt == text.size())
            valueAt = text.size() + 1;
        const bool continuable = wordEnd >= 2 && std::any_of(std::begin(kContinued),
            std::end(kContinued), [text](const char *code) { return text.startsWith(code); });
        if (continuable && (wordEnd == 10 || (text.size() == 9 && valueAt == 10)))
            return ReadError{line, -1, QStringLiteral("malformed %1 continuation line")
                                           .arg(QString::fromLatin1(text.first(2)))};
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
std::optional<ReadError> appendAccuracies(QByteArrayView av, qint64 line,
                                          std::vector<std::uint8_t> &out)
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
            return ReadError{line, -1, QStringLiteral("AV value '%1' is not a whole number")
                                           .arg(shown)};
        if (value > kMaxQuality)
            return ReadError{line, -1, QStringLiteral("quality %1 is above %2")
                                           .arg(shown).arg(kMaxQuality)};
        out.push_back(std::uint8_t(value));
    }
    return std::nullopt;
}

std::optional<ReadError> readExperiment(QByteArrayView data, std::vector<std::uint8_t> &out,
                                        QByteArray &name)
{
    AvEntry av;
    if (auto error = scanExperimentLines(data, av))
        return error;
    // Not exp2read(): it opens the trace file an LN line names, relative to the working directory.
    std::optional<QByteArray> sequence, accuracies;
    {
        const std::lock_guard lock(ioLibMutex);
        const IoLibPtr<mFILE> file = memoryFile(data);
        const IoLibPtr<Exp_info> info(file ? exp_mfread_info(file.get()) : nullptr);
        if (!info)
            return failure(QStringLiteral("io_lib could not read it as an experiment file"));
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
        return failure(QStringLiteral("it has no quality values (no AV lines)"));
    if (!sequence || sequence->isEmpty())
        return failure(QStringLiteral("it has no sequence (no SQ lines)"));
    // Where io_lib saw the lines otherwise than the scan (damaged files), no line is named.
    const qint64 avLine = accuracies->count('\n') == av.continuations ? av.line : 0;
    const std::size_t first = out.size();
    if (auto error = appendAccuracies(*accuracies, avLine, out))
        return error;
    const std::size_t count = out.size() - first;
    if (count != std::size_t(sequence->size()))
        return ReadError{avLine, -1, QStringLiteral("the AV lines give %1 quality values for the "
                                                    "%2 bases of the sequence")
                                         .arg(count).arg(sequence->size())};
    for (std::size_t i = 0; i < count; ++i)
        if (!std::strchr("ACGTacgt", (*sequence)[qsizetype(i)]))
            out[first + i] = 0; // no called base, as in SCF and ZTR
    return std::nullopt;
}

} // namespace

bool looksLikeTrace(QByteArrayView data)
{
    return data.startsWith(".scf") || data.startsWith(kZtrMagic) || looksLikeExperiment(data);
}

std::optional<ReadError> parseTrace(QByteArrayView data, ParsedReads &out)
{
    // io_lib sizes its memory files with an int; a trace is a few hundred kilobytes.
    if (data.size() > 256 * 1024 * 1024)
        return failure(QStringLiteral("it is %1 MB, far more than a trace").arg(data.size() >> 20));
    ReadRecord read;
    read.offset = out.qualities.size();
    std::optional<ReadError> error;
    if (data.startsWith(".scf")) {
        out.format = "scf";
        error = readScf(data, out.qualities);
    } else if (data.startsWith(kZtrMagic)) {
        out.format = "ztr";
        error = readZtr(data, out.qualities);
    } else if (looksLikeExperiment(data)) {
        out.format = "exp";
        error = readExperiment(data, out.qualities, read.name);
    } else {
        return failure(QStringLiteral("it is not an SCF, ZTR or Staden experiment file"), 0);
    }
    if (error)
        return error;
    read.length = out.qualities.size() - read.offset;
    out.reads.push_back(std::move(read));
    return std::nullopt;
}

} // namespace qc
