#include "qualityfile.h"

#include "qualreader.h"

#include <QFile>
#include <QFileInfo>

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

std::optional<ReadError> readQualityFile(const QString &path, ParsedReads &out, QByteArray &buffer)
{
    out.clear();

    // Folders can match the name rule too ("dbqual"); opening one fails with a vaguer reason.
    if (QFileInfo(path).isDir())
        return ReadError{0, -1, QStringLiteral("it is a folder, not a file")};

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ReadError{0, -1, QStringLiteral("cannot open: %1").arg(file.errorString())};

    // resize() keeps the capacity the buffer already has, so a folder of files allocates only
    // when a file is larger than all before it.
    buffer.resize(file.size());
    const qint64 got = file.read(buffer.data(), buffer.size());
    if (got < 0)
        return ReadError{0, -1, QStringLiteral("cannot read: %1").arg(file.errorString())};
    buffer.resize(got); // the file may have shrunk since size() was asked

    return parseByContent(buffer, out);
}

} // namespace qc
