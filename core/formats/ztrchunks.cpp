#include "ztrchunks.h"

#include <QtEndian>

#include <algorithm>
#include <cctype>
#include <cstring>

#include <zlib.h>

// Last: io_lib's headers define macros freely; only ztr.h's constants are used here.
#include <io_lib/ztr.h>

namespace qc {

namespace {

using namespace Qt::StringLiterals;

ReadError failure(const QString &message, qint64 offset = -1)
{
    return ReadError{0, offset, message};
}

quint64 bigEndian32(QByteArrayView data, qsizetype at)
{
    return qFromBigEndian<quint32>(data.data() + at);
}

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
                              "claims")
            .arg(size);
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
            return QStringLiteral("its run-length data ends before the %1 bytes it claims").arg(size);
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
        return QStringLiteral("its delta layer (level %1, %2 bytes) is damaged").arg(level).arg(in.size());
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
        case ZTR_FORM_ZLIB:
            problem = inflateLayer(decoded, next);
            break;
        case ZTR_FORM_RLE:
            problem = unrunLayer(decoded, next);
            break;
        case ZTR_FORM_DELTA1:
            problem = undeltaLayer(decoded, next);
            break;
        default:
            return QStringLiteral("it uses encoding %1; this reader knows raw, zlib, run-length "
                                  "and byte delta")
                .arg(quint8(decoded[0]));
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
        return failure(QStringLiteral("the file ends after %1 bytes, inside the 10-byte ZTR header").arg(data.size()),
                       data.size());
    if (quint8(data[8]) != ZTR_VERSION_MAJOR)
        return failure(QStringLiteral("it is ZTR version %1.%2; only version 1 can be read")
                           .arg(quint8(data[8]))
                           .arg(quint8(data[9])),
                       8);
    for (qsizetype at = kZtrHeaderBytes; at < data.size();) {
        if (data.size() - at < 12)
            return failure(QStringLiteral("the file ends inside the chunk header at byte %1").arg(at), at);
        const quint64 type = bigEndian32(data, at);
        if (type == ZTR_TYPE_HEADER)
            break; // a second file appended: io_lib stops here too
        const quint64 metadata = bigEndian32(data, at + 4);
        if (metadata > quint64(data.size() - at - 12))
            return failure(QStringLiteral("the metadata of the %1 chunk at byte %2 (%3 bytes) runs "
                                          "past the end of the file")
                               .arg(chunkName(type))
                               .arg(at)
                               .arg(metadata),
                           at + 4);
        const qsizetype lengthAt = at + 8 + qsizetype(metadata);
        const quint64 length = bigEndian32(data, lengthAt);
        if (length > quint64(data.size() - lengthAt - 4))
            return failure(QStringLiteral("the %1 chunk (%2 bytes at byte %3) runs past the end of "
                                          "the file (%4 bytes)")
                               .arg(chunkName(type))
                               .arg(length)
                               .arg(lengthAt + 4)
                               .arg(data.size()),
                           lengthAt);
        const bool isBases = type == ZTR_TYPE_BASE;
        if (isBases || type == ZTR_TYPE_CNF4 || type == ZTR_TYPE_CNF1) {
            ZtrChunk &chunk = isBases ? bases : confidences;
            if (chunk.at >= 0)
                return failure(QStringLiteral("it holds a second %1 chunk (at byte %2)")
                                   .arg(isBases ? "BASE"_L1 : "confidence"_L1)
                                   .arg(at),
                               at);
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

} // namespace

std::optional<ReadError> checkZtrChunks(QByteArrayView data, CheckedZtr &out)
{
    ZtrChunk bases, confidences;
    if (auto error = findZtrChunks(data, bases, confidences))
        return error;
    if (bases.at < 0)
        return failure(QStringLiteral("it has no BASE chunk, so no base calls"));
    if (confidences.at < 0)
        return failure(QStringLiteral("it has no quality values (no CNF4 or CNF1 chunk)"));
    QByteArray decodedBases, decodedConfidences;
    for (const auto &[chunk, decoded] :
         {std::pair{&bases, &decodedBases}, std::pair{&confidences, &decodedConfidences}}) {
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
                           .arg(chunkName(confidences.type))
                           .arg(decodedConfidences.size())
                           .arg(count)
                           .arg(expected),
                       confidences.at);

    // io_lib gets these two checked chunks alone, BASE first as its decoder needs; traces,
    // positions and text, which quality does not need, never reach its decoders.
    out.file = data.first(kZtrHeaderBytes).toByteArray();
    appendChunk(out.file, bases);
    appendChunk(out.file, confidences);
    out.bases = count;
    return std::nullopt;
}

} // namespace qc
