#include "qualityfile.h"

#include "qualreader.h"

#include <QFile>
#include <QScopeGuard>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qc {

namespace {

// The content, not the name, decides the format: names such as "sample_qual" say little.
// Only phred FASTA quality text exists so far; other readers join here, chosen by their first
// bytes.
std::optional<ReadError> parseByContent(QByteArrayView text, ParsedReads &out)
{
    return parseQual(text, out);
}

} // namespace

bool isQualityFileName(const QString &fileName)
{
    return fileName.endsWith(u"qual", Qt::CaseSensitive);
}

namespace {

// A Sanger read is at most a few thousand bases; even a multi-record .qual of a whole plate is a
// few MB. Anything past this is not a quality file of reads, and is not read into memory.
constexpr qint64 kMaxFileBytes = 64 * 1024 * 1024;

ReadError systemError(const char *what)
{
    return ReadError{0, -1, QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(errno)))};
}

// Plain open/fstat/read/close: a folder of reads is thousands of small files, and QFile's extra
// stat calls and path handling made opening them cost more than parsing them (measured: a serial
// run over the large demo set took 0.34 s with QFileInfo + QFile, 0.16-0.22 s with this).
std::optional<ReadError> readWholeFile(const QString &path, QByteArray &buffer)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return systemError("cannot open");
    const auto closeFd = qScopeGuard([fd] { ::close(fd); });
    struct stat info = {};
    if (::fstat(fd, &info) != 0)
        return systemError("cannot read");
    // Folders can match the name rule too ("dbqual"); reading one fails with a vaguer reason.
    if (S_ISDIR(info.st_mode))
        return ReadError{0, -1, QStringLiteral("it is a folder, not a file")};
    if (!S_ISREG(info.st_mode))
        return ReadError{0, -1, QStringLiteral("it is not a regular file (a device, pipe or socket)")};
    // Checked before anything is read, so a huge file never costs memory.
    if (info.st_size > kMaxFileBytes)
        return ReadError{0, -1, QStringLiteral("the file is %1 MB; a Sanger read's quality file is far smaller "
                                               "(the limit is %2 MB)")
                                    .arg(info.st_size / (1024 * 1024))
                                    .arg(kMaxFileBytes / (1024 * 1024))};
    if (info.st_size == 0)
        return ReadError{0, -1, QStringLiteral("the file is empty")};
    // resize() keeps the capacity the buffer already has, so a folder of files allocates only
    // when a file is larger than all before it.
    buffer.resize(qsizetype(info.st_size));
    qsizetype filled = 0;
    while (filled < buffer.size()) {
        const ssize_t got = ::read(fd, buffer.data() + filled, size_t(buffer.size() - filled));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return systemError("cannot read");
        if (got == 0)
            break; // the file shrank since fstat()
        filled += got;
    }
    buffer.resize(filled);
    return std::nullopt;
}

} // namespace

std::optional<ReadError> readQualityFile(const QString &path, ParsedReads &out, QByteArray &buffer)
{
    out.clear();
    if (auto error = readWholeFile(path, buffer))
        return error;
    return parseByContent(buffer, out);
}

} // namespace qc
