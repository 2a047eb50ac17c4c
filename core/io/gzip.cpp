#include "gzip.h"

#include <QScopeGuard>

#include <archive.h>

namespace qc {

bool isGzip(QByteArrayView data)
{
    return data.size() >= 2 && quint8(data[0]) == 0x1f && quint8(data[1]) == 0x8b;
}

std::optional<QString> gunzip(QByteArrayView data, QByteArray &out, qsizetype maxBytes)
{
    // libarchive's raw format hands back the filtered stream as one entry; its gzip filter reads
    // concatenated members, which is what BGZF is.
    archive *reader = archive_read_new();
    const auto cleanup = qScopeGuard([reader] { archive_read_free(reader); });
    archive_read_support_filter_gzip(reader);
    archive_read_support_format_raw(reader);
    const auto failure = [reader] {
        const char *reason = archive_error_string(reader);
        return QStringLiteral("cannot decompress: %1")
            .arg(reason ? QString::fromLocal8Bit(reason) : QStringLiteral("damaged gzip data"));
    };
    if (archive_read_open_memory(reader, data.data(), size_t(data.size())) != ARCHIVE_OK)
        return failure();
    archive_entry *entry = nullptr;
    if (archive_read_next_header(reader, &entry) != ARCHIVE_OK)
        return failure();

    out.clear();
    char block[64 * 1024];
    for (;;) {
        const la_ssize_t got = archive_read_data(reader, block, sizeof block);
        if (got < 0)
            return failure();
        if (got == 0)
            return std::nullopt;
        if (out.size() + got > maxBytes)
            return QStringLiteral("it decompresses to more than %1 MB; a Sanger read's quality file is far smaller")
                .arg(maxBytes / (1024 * 1024));
        out.append(block, qsizetype(got));
    }
}

} // namespace qc
