// ABIF: "ABIF", a 2-byte version, then a root entry that locates the directory of 28-byte
// big-endian entries. Stored offsets count from "ABIF"; messages give offsets in the file.
#include "abireader.h"

#include "stats/positionhistogram.h" // kMaxQuality: every value read must fit a histogram bin

#include <QtEndian>

#include <algorithm>

namespace qc {

namespace {

constexpr QByteArrayView kMagic = "ABIF";
// Files copied from old Macintoshes may keep this header; its first byte is always 0.
constexpr qsizetype kMacBinaryBytes = 128;
constexpr qsizetype kRootEntryAt = 6; // after the magic and the version
constexpr qsizetype kEntryBytes = 28;
constexpr qsizetype kHeaderBytes = kRootEntryAt + kEntryBytes;
// Where in an entry its data offset is stored; data of 4 bytes or less is stored there instead.
constexpr qsizetype kOffsetField = 20;
constexpr quint32 kMaxInlineBytes = 4;

// One directory entry as stored. Counts and offsets are signed in the ABIF specification; read
// unsigned, a negative one is simply too large for the file.
struct Entry
{
    QByteArrayView tag;
    quint32 number = 0;
    quint16 elementType = 0;
    quint16 elementSize = 0;
    quint32 count = 0;
    quint32 dataSize = 0;
    quint32 dataOffset = 0;
    qsizetype at = 0; // position in the file

    bool is(QByteArrayView name, quint32 wanted) const { return tag == name && number == wanted; }
    QString label() const { return QStringLiteral("%1 %2").arg(QString::fromLatin1(tag)).arg(number); }
};

// The caller has checked that the whole entry lies inside `file`.
Entry entryAt(QByteArrayView file, qsizetype at)
{
    const char *p = file.data() + at;
    Entry entry;
    entry.tag = QByteArrayView(p, 4);
    entry.number = qFromBigEndian<quint32>(p + 4);
    entry.elementType = qFromBigEndian<quint16>(p + 8);
    entry.elementSize = qFromBigEndian<quint16>(p + 10);
    entry.count = qFromBigEndian<quint32>(p + 12);
    entry.dataSize = qFromBigEndian<quint32>(p + 16);
    entry.dataOffset = qFromBigEndian<quint32>(p + 20);
    entry.at = at;
    return entry;
}

// The entries this reader uses; a tag stored twice counts by its last entry, as in Biopython.
struct Directory
{
    std::optional<Entry> qualities; // PCON 2: as called by the basecaller
    std::optional<Entry> editedQualities; // PCON 1: as edited by a user
    std::optional<Entry> bases; // PBAS 2
    std::optional<Entry> editedBases; // PBAS 1
    std::optional<Entry> sampleName; // SMPL 1
    std::optional<Entry> model; // MODL 1
};

class AbifFile
{
public:
    AbifFile(QByteArrayView file, qsizetype start)
        : m_file(file)
        , m_start(start)
    {}

    std::optional<ReadError> readDirectory(Directory &directory) const;
    std::optional<ReadError> dataOf(const Entry &entry, QByteArrayView &data) const;
    std::optional<ReadError> bytesOf(const Entry &entry, QByteArrayView &data) const;
    qsizetype positionOf(const char *byte) const { return byte - m_file.data(); }

private:
    QByteArrayView m_file;
    qsizetype m_start; // where "ABIF" is, which stored offsets count from
};

std::optional<ReadError> AbifFile::readDirectory(Directory &directory) const
{
    const Entry root = entryAt(m_file, m_start + kRootEntryAt);
    if (root.elementSize != kEntryBytes)
        return ReadError{0, root.at,
                         QStringLiteral("the directory claims entries of %1 bytes; ABIF entries "
                                        "are %2")
                             .arg(root.elementSize)
                             .arg(kEntryBytes)};
    // 64-bit: 2^32 offsets plus 2^32 entries of 28 bytes cannot overflow it. The space kept for
    // the directory (its data size) often holds unused entries at the end of the file; counting
    // it too is what finds a file cut inside them.
    const quint64 begin = quint64(m_start) + root.dataOffset;
    const quint64 end = begin + quint64(root.count) * quint64(kEntryBytes);
    if (std::max(end, begin + root.dataSize) > quint64(m_file.size()))
        return ReadError{0, root.at,
                         QStringLiteral("the directory (%1 entries in %2 bytes at byte %3) runs "
                                        "past the end of the file (%4 bytes): the file is "
                                        "truncated or damaged")
                             .arg(root.count)
                             .arg(root.dataSize)
                             .arg(begin)
                             .arg(m_file.size())};
    for (quint64 at = begin; at < end; at += kEntryBytes) {
        const Entry entry = entryAt(m_file, qsizetype(at));
        // Entries this reader does not use are checked too: a file cut anywhere is refused.
        QByteArrayView unused;
        if (auto error = dataOf(entry, unused))
            return error;
        if (entry.is("PCON", 2))
            directory.qualities = entry;
        else if (entry.is("PCON", 1))
            directory.editedQualities = entry;
        else if (entry.is("PBAS", 2))
            directory.bases = entry;
        else if (entry.is("PBAS", 1))
            directory.editedBases = entry;
        else if (entry.is("SMPL", 1))
            directory.sampleName = entry;
        else if (entry.is("MODL", 1))
            directory.model = entry;
    }
    return std::nullopt;
}

std::optional<ReadError> AbifFile::dataOf(const Entry &entry, QByteArrayView &data) const
{
    if (entry.dataSize <= kMaxInlineBytes) {
        data = m_file.sliced(entry.at + kOffsetField, entry.dataSize);
        return std::nullopt;
    }
    const quint64 begin = quint64(m_start) + entry.dataOffset;
    if (begin + entry.dataSize > quint64(m_file.size()))
        return ReadError{0, entry.at + kOffsetField,
                         QStringLiteral("the %1 data (%2 bytes at byte %3) runs past the end of "
                                        "the file (%4 bytes): the file is truncated or damaged")
                             .arg(entry.label())
                             .arg(entry.dataSize)
                             .arg(begin)
                             .arg(m_file.size())};
    data = m_file.sliced(qsizetype(begin), qsizetype(entry.dataSize));
    return std::nullopt;
}

// PCON and PBAS hold one byte per base; a count that disagrees with the size means damage.
std::optional<ReadError> AbifFile::bytesOf(const Entry &entry, QByteArrayView &data) const
{
    if (entry.elementSize != 1 || entry.count != entry.dataSize)
        return ReadError{0, entry.at,
                         QStringLiteral("the %1 entry is damaged: %2 elements of %3 bytes do not "
                                        "make %4 bytes of data")
                             .arg(entry.label())
                             .arg(entry.count)
                             .arg(entry.elementSize)
                             .arg(entry.dataSize)};
    return dataOf(entry, data);
}

// MODL 1, such as "3730" or "373A"; empty when absent or not plain text, since it only serves
// to explain a refusal.
QString modelOf(const AbifFile &abif, const Directory &directory)
{
    QByteArrayView model;
    if (!directory.model || abif.dataOf(*directory.model, model))
        return {};
    model = model.trimmed();
    while (model.endsWith('\0'))
        model.chop(1);
    for (char c : model)
        if (c < ' ' || c > '~')
            return {};
    return QString::fromLatin1(model);
}

ReadError noQualitiesError(const AbifFile &abif, const Directory &directory)
{
    const QString model = modelOf(abif, directory);
    const QString from = model.isEmpty() ? QString() : QStringLiteral(" from an ABI %1").arg(model);
    QString reason;
    if (!directory.bases && !directory.editedBases) {
        reason = QStringLiteral("the file has no base calls and no per-base quality values (no "
                                "PBAS or PCON tag): it is a fragment-analysis run%1, not a "
                                "sequencing read")
                     .arg(from);
    } else if (directory.editedQualities) {
        reason = QStringLiteral("the file has no per-base quality values as called by the "
                                "basecaller (no PCON 2 tag, only PCON 1: values edited by a user)");
    } else if (model.startsWith(u"373") || model.startsWith(u"377")) {
        reason = QStringLiteral("the file has no per-base quality values (no PCON tag): it is a "
                                "run%1, of the ABI 373/377 era, whose software stored base calls "
                                "only")
                     .arg(from);
    } else {
        reason = QStringLiteral("the file has no per-base quality values (no PCON tag)");
        if (!model.isEmpty())
            reason += QStringLiteral("; it is a run%1").arg(from);
    }
    // Not damage: the file is whole, it just holds nothing this program reads.
    return ReadError{0, -1, reason};
}

// SMPL 1 is a Pascal string: a length byte, then the name.
std::optional<ReadError> sampleNameOf(const AbifFile &abif, const Entry &entry, QByteArray &name)
{
    QByteArrayView data;
    if (auto error = abif.dataOf(entry, data))
        return error;
    constexpr quint16 kPascalString = 18;
    if (entry.elementType == kPascalString && !data.isEmpty()) {
        const qsizetype length = std::min(qsizetype(quint8(data.front())), data.size() - 1);
        name = data.sliced(1, length).toByteArray();
    } else {
        // Some writers store plain or NUL-terminated text instead.
        const qsizetype nul = data.indexOf('\0');
        name = (nul < 0 ? data : data.first(nul)).toByteArray();
    }
    return std::nullopt;
}

qsizetype abifStart(QByteArrayView data)
{
    if (data.startsWith(kMagic))
        return 0;
    if (data.size() >= kMacBinaryBytes + kMagic.size() && data.front() == '\0'
        && data.sliced(kMacBinaryBytes, kMagic.size()) == kMagic)
        return kMacBinaryBytes;
    return -1;
}

} // namespace

bool looksLikeAbi(QByteArrayView data)
{
    return abifStart(data) >= 0;
}

std::optional<ReadError> parseAbi(QByteArrayView data, ParsedReads &out)
{
    out.format = "abi";
    const qsizetype start = abifStart(data);
    if (start < 0)
        return ReadError{0, 0, QStringLiteral("the file does not start with \"ABIF\"")};
    if (data.size() - start < kHeaderBytes)
        return ReadError{0, data.size(),
                         QStringLiteral("the file ends after %1 bytes, inside the ABIF header").arg(data.size())};

    const AbifFile abif(data, start);
    Directory directory;
    if (auto error = abif.readDirectory(directory))
        return error;
    if (!directory.qualities)
        return noQualitiesError(abif, directory);

    QByteArrayView qualities;
    if (auto error = abif.bytesOf(*directory.qualities, qualities))
        return error;
    // The bases serve only as a check: a quality per base, or the file is not what it claims.
    if (directory.bases) {
        QByteArrayView bases;
        if (auto error = abif.bytesOf(*directory.bases, bases))
            return error;
        if (bases.size() != qualities.size())
            return ReadError{0, directory.qualities->at,
                             QStringLiteral("PCON 2 has %1 quality values but PBAS 2 has %2 bases")
                                 .arg(qualities.size())
                                 .arg(bases.size())};
    }
    for (qsizetype i = 0; i < qualities.size(); ++i) {
        const int value = quint8(qualities[i]);
        if (value > kMaxQuality)
            return ReadError{
                0, abif.positionOf(qualities.data() + i),
                QStringLiteral("quality %1 of base %2 is above %3").arg(value).arg(i + 1).arg(kMaxQuality)};
    }

    ReadRecord read;
    if (directory.sampleName) {
        if (auto error = sampleNameOf(abif, *directory.sampleName, read.name))
            return error;
    }
    read.offset = out.qualities.size();
    read.length = std::size_t(qualities.size());
    out.qualities.insert(out.qualities.end(), qualities.begin(), qualities.end());
    out.reads.push_back(std::move(read));
    return std::nullopt;
}

} // namespace qc
