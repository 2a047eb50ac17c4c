#include "tracereader.h"

#include "experimentfile.h"
#include "stats/positionhistogram.h" // kMaxQuality: every value read must fit a histogram bin
#include "ztrchunks.h"

#include <QtEndian>

// Last: io_lib's headers define macros freely.
#include "iolib.h"

namespace qc {

namespace {

ReadError failure(const QString &message, qint64 offset = -1)
{
    return ReadError{0, offset, message};
}

// The confidence io_lib gives each called base. N, '-' and the like have no called base, and
// io_lib-based tools report 0 for them.
std::optional<ReadError> appendCalledConfidences(const Read &read, std::vector<std::uint8_t> &out)
{
    if (read.NBases <= 0 || !read.base || !read.prob_A || !read.prob_C || !read.prob_G || !read.prob_T)
        return failure(QStringLiteral("io_lib found no base calls in it"));
    out.reserve(out.size() + std::size_t(read.NBases));
    for (int i = 0; i < read.NBases; ++i) {
        const char *confidences = nullptr;
        switch (read.base[i]) {
        case 'A':
        case 'a':
            confidences = read.prob_A;
            break;
        case 'C':
        case 'c':
            confidences = read.prob_C;
            break;
        case 'G':
        case 'g':
            confidences = read.prob_G;
            break;
        case 'T':
        case 't':
            confidences = read.prob_T;
            break;
        default:
            break;
        }
        const int value = confidences ? quint8(confidences[i]) : 0;
        if (value > kMaxQuality)
            return failure(QStringLiteral("quality %1 of base %2 is above %3").arg(value).arg(i + 1).arg(kMaxQuality));
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
                                      "header")
                           .arg(data.size()),
                       data.size());
    const auto field = [data](qsizetype at) -> quint64 { return qFromBigEndian<quint32>(data.data() + at); };
    const quint64 sampleSize = field(40);
    if (sampleSize != 1 && sampleSize != 2)
        return failure(QStringLiteral("the header gives samples of %1 bytes; SCF samples have 1 "
                                      "or 2")
                           .arg(sampleSize),
                       40);
    if (field(12) == 0)
        return failure(QStringLiteral("the trace has no base calls"), 12);
    struct Section
    {
        const char *name;
        qsizetype offsetField;
        quint64 size;
    };
    const Section sections[] = {{"samples", 8, field(4) * 4 * sampleSize},
                                {"base calls", 24, field(12) * 12},
                                {"comments", 32, field(28)},
                                {"private data", 52, field(48)}};
    const quint64 fileSize = quint64(data.size());
    for (const Section &section : sections) {
        const quint64 offset = field(section.offsetField);
        if (section.size > 0 && (offset > fileSize || section.size > fileSize - offset))
            return failure(QStringLiteral("the %1 (%2 bytes at byte %3) run past the end of the "
                                          "file (%4 bytes)")
                               .arg(QLatin1String(section.name))
                               .arg(section.size)
                               .arg(offset)
                               .arg(fileSize),
                           section.offsetField);
    }
    return std::nullopt;
}

std::optional<ReadError> readScf(QByteArrayView data, std::vector<std::uint8_t> &out)
{
    if (auto error = checkScfHeader(data))
        return error;
    QString why;
    const IoLib *lib = loadIoLib(&why);
    if (!lib)
        return failure(why);
    const std::lock_guard lock(ioLibMutex);
    const IoLibPtr<mFILE> file = memoryFile(*lib, data);
    const IoLibPtr<Scf> scf(file ? lib->mfread_scf(file.get()) : nullptr);
    const IoLibPtr<Read> read(scf ? lib->scf2read(scf.get()) : nullptr);
    if (!read)
        return failure(QStringLiteral("io_lib could not read it as SCF"));
    return appendCalledConfidences(*read, out);
}

// ---- ZTR ----------------------------------------------------------------------------------

// The chunks are checked and decoded first (ztrchunks.cpp); io_lib reads only what passed.
std::optional<ReadError> readZtr(QByteArrayView data, std::vector<std::uint8_t> &out)
{
    CheckedZtr checked;
    if (auto error = checkZtrChunks(data, checked))
        return error;
    QString why;
    const IoLib *lib = loadIoLib(&why);
    if (!lib)
        return failure(why);
    const std::lock_guard lock(ioLibMutex);
    const IoLibPtr<mFILE> file = memoryFile(*lib, checked.file);
    const IoLibPtr<ztr_t> ztr(file ? lib->mfread_ztr(file.get()) : nullptr);
    if (ztr)
        lib->uncompress_ztr(ztr.get());
    const IoLibPtr<Read> read(ztr ? lib->ztr2read(ztr.get()) : nullptr);
    if (!read || read->NBases != checked.bases)
        return failure(QStringLiteral("io_lib could not read it as ZTR"));
    return appendCalledConfidences(*read, out);
}

} // namespace

bool looksLikeTrace(QByteArrayView data)
{
    return data.startsWith(".scf") || data.startsWith(kZtrMagic) || looksLikeExperimentFile(data);
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
    } else if (looksLikeExperimentFile(data)) {
        out.format = "exp";
        error = readExperimentFile(data, out.qualities, read.name);
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
