#include "qualityfile.h"

#include "abireader.h"
#include "fastqreader.h"
#include "io/gzip.h"
#include "phdreader.h"
#include "qualreader.h"
#include "tracereader.h"

#include <QFile>
#include <QScopeGuard>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qc {

namespace {

// A Sanger read is at most a few thousand bases; even a multi-record .qual of a whole plate is a
// few MB. Anything past this is not a file of reads, and is not read into memory.
constexpr qint64 kMaxFileBytes = 64 * 1024 * 1024;

// The content, not the name, decides the format: names such as "sample_qual" or an old ABI
// file without an extension say little, while every format starts in its own way.
std::optional<ReadError> parseByContent(QByteArrayView data, ParsedReads &out)
{
    if (looksLikeAbi(data))
        return parseAbi(data, out);
    if (looksLikeTrace(data))
        return parseTrace(data, out);
    if (looksLikePhd(data))
        return parsePhd(data, out);
    if (looksLikeFastq(data))
        return parseFastq(data, out);
    // phred's FASTA-style text last: its reader explains best what is wrong with text that is
    // none of the above.
    return parseQual(data, out);
}

} // namespace

std::optional<ReadError> parseReadData(QByteArrayView data, ParsedReads &out)
{
    if (!isGzip(data))
        return parseByContent(data, out);
    // thread_local: one buffer per worker thread, reused for every compressed file it reads.
    thread_local QByteArray plain;
    if (auto reason = gunzip(data, plain, kMaxFileBytes))
        return ReadError{0, -1, *reason};
    if (isGzip(plain))
        return ReadError{0, -1, QStringLiteral("it is compressed twice")};
    auto error = parseByContent(plain, out);
    // An offset into the decompressed bytes would point nowhere useful in the file itself.
    if (error && error->offset >= 0) {
        error->message += QStringLiteral(" (at byte %1 of the decompressed data)").arg(error->offset);
        error->offset = -1;
    }
    return error;
}

bool looksLikeReads(QByteArrayView head)
{
    if (looksLikeAbi(head) || looksLikeTrace(head) || looksLikePhd(head))
        return true;
    QList<QByteArrayView> lines;
    for (qsizetype start = 0; start < head.size() && lines.size() < 3;) {
        qsizetype end = head.indexOf('\n', start);
        if (end < 0)
            end = head.size();
        lines.append(head.sliced(start, end - start));
        start = end + 1;
    }
    if (lines.size() >= 3 && lines[0].startsWith('@') && lines[2].startsWith('+'))
        return true;
    const auto numbers = [](QByteArrayView line) {
        return !line.trimmed().isEmpty() && std::all_of(line.begin(), line.end(), [](char c) {
            return (c >= '0' && c <= '9') || c == ' ' || c == '\t' || c == '\r';
        });
    };
    return lines.size() >= 2 && lines[0].startsWith('>') && numbers(lines[1]);
}

bool isKnownOtherFileName(const QString &fileName)
{
    static const QStringList others{
        QStringLiteral("seq"), QStringLiteral("fa"),   QStringLiteral("fasta"), QStringLiteral("fas"),
        QStringLiteral("fna"), QStringLiteral("ffn"),  QStringLiteral("faa"),   QStringLiteral("gb"),
        QStringLiteral("gbk"), QStringLiteral("embl"), QStringLiteral("xml"),   QStringLiteral("html"),
        QStringLiteral("htm"), QStringLiteral("json"), QStringLiteral("csv"),   QStringLiteral("tsv"),
        QStringLiteral("pdf"), QStringLiteral("png"),  QStringLiteral("jpg"),   QStringLiteral("jpeg"),
        QStringLiteral("gif"), QStringLiteral("svg"),  QStringLiteral("zip"),   QStringLiteral("tar"),
        QStringLiteral("doc"), QStringLiteral("docx"), QStringLiteral("xls"),   QStringLiteral("xlsx"),
        QStringLiteral("log"), QStringLiteral("md")};
    if (fileName.startsWith(u'.'))
        return true;
    const qsizetype dot = fileName.lastIndexOf(u'.');
    return dot >= 0 && others.contains(QStringView(fileName).sliced(dot + 1).toString(), Qt::CaseInsensitive);
}

bool isReadFileName(const QString &fileName)
{
    QStringView name(fileName);
    if (name.endsWith(u".gz", Qt::CaseInsensitive))
        name.chop(3);
    // The lesson's rule, kept exactly: any name ending in "qual" (".qual", "_qual", "equal").
    if (name.endsWith(u"qual", Qt::CaseSensitive))
        return true;
    static constexpr QStringView extensions[] = {u".fastq", u".fq",  u".ab1", u".abi", u".ab",
                                                 u".scf",   u".ztr", u".phd", u".exp"};
    for (QStringView extension : extensions)
        if (name.endsWith(extension, Qt::CaseInsensitive))
            return true;
    // phred numbers its output: read.phd.1, read.phd.2...
    const qsizetype phd = name.lastIndexOf(u".phd.", -1, Qt::CaseInsensitive);
    if (phd < 0 || phd + 5 == name.size())
        return false;
    const QStringView number = name.sliced(phd + 5);
    return std::all_of(number.begin(), number.end(), [](QChar c) { return c.isDigit(); });
}

namespace {

ReadError systemError(const char *what)
{
    return ReadError{0, -1,
                     QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(errno)))};
}

} // namespace

// Plain open/fstat/read/close: a folder of reads is thousands of small files, and QFile's extra
// stat calls and path handling made opening them cost more than parsing them (measured: a serial
// run over the large demo set took 0.34 s with QFileInfo + QFile, 0.16-0.22 s with this).
std::optional<ReadError> readFileOfReads(const QString &path, QByteArray &buffer)
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
        return ReadError{0, -1,
                         QStringLiteral("the file is %1 MB; a Sanger read's quality file is far smaller "
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

std::optional<ReadError> readQualityFile(const QString &path, ParsedReads &out, QByteArray &buffer)
{
    out.clear();
    if (auto error = readFileOfReads(path, buffer))
        return error;
    return parseReadData(buffer, out);
}

} // namespace qc
