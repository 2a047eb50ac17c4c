#include "archive.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>

#include <archive.h>
#include <archive_entry.h>

namespace qc {

bool isArchiveFileName(const QString &path)
{
    return path.endsWith(QStringLiteral(".zip"), Qt::CaseInsensitive)
        || path.endsWith(QStringLiteral(".tar.gz"), Qt::CaseInsensitive)
        || path.endsWith(QStringLiteral(".tgz"), Qt::CaseInsensitive)
        || path.endsWith(QStringLiteral(".tar"), Qt::CaseInsensitive);
}

std::optional<QString> extractArchive(const QString &archivePath, const QString &destination)
{
    const auto fail = [&archivePath](const QString &reason) {
        return QStringLiteral("Cannot unpack %1: %2").arg(archivePath, reason);
    };
    if (!QDir().mkpath(destination))
        return fail(QStringLiteral("cannot create the folder %1.").arg(destination));

    archive *reader = archive_read_new();
    archive_read_support_format_all(reader);
    archive_read_support_filter_all(reader);
    archive *writer = archive_write_disk_new();
    // libarchive's own guards against path tricks, on top of the check below. (Absolute paths are
    // refused below: each entry is rewritten to an absolute path inside `destination`.)
    archive_write_disk_set_options(writer, ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS);
    const auto cleanup = qScopeGuard([reader, writer] {
        archive_read_free(reader);
        archive_write_free(writer);
    });

    if (archive_read_open_filename(reader, QFile::encodeName(archivePath).constData(), 64 * 1024) != ARCHIVE_OK)
        return fail(QString::fromLocal8Bit(archive_error_string(reader)));

    const QDir root(destination);
    archive_entry *entry = nullptr;
    for (;;) {
        const int status = archive_read_next_header(reader, &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status != ARCHIVE_OK)
            return fail(QString::fromLocal8Bit(archive_error_string(reader)));
        const QString name = QString::fromUtf8(archive_entry_pathname_utf8(entry) ? archive_entry_pathname_utf8(entry)
                                                                                  : archive_entry_pathname(entry));
        const auto type = archive_entry_filetype(entry);
        if (type != AE_IFREG && type != AE_IFDIR)
            continue; // links and devices have no place in a folder of reads
        if (QDir::isAbsolutePath(name) || name.split(u'/').contains(QStringLiteral("..")))
            return fail(QStringLiteral("the entry \"%1\" points outside the folder.").arg(name));
        const QByteArray target = QFile::encodeName(root.filePath(name));
        archive_entry_set_pathname(entry, target.constData());
        if (archive_write_header(writer, entry) != ARCHIVE_OK)
            return fail(QString::fromLocal8Bit(archive_error_string(writer)));
        const void *block = nullptr;
        size_t size = 0;
        la_int64_t offset = 0;
        int read = ARCHIVE_OK;
        while ((read = archive_read_data_block(reader, &block, &size, &offset)) == ARCHIVE_OK)
            if (archive_write_data_block(writer, block, size, offset) != ARCHIVE_OK)
                return fail(QString::fromLocal8Bit(archive_error_string(writer)));
        if (read != ARCHIVE_EOF)
            return fail(QString::fromLocal8Bit(archive_error_string(reader)));
        if (archive_write_finish_entry(writer) != ARCHIVE_OK)
            return fail(QString::fromLocal8Bit(archive_error_string(writer)));
    }
    return std::nullopt;
}

} // namespace qc
