// Reading a gzip (or BGZF) compressed file whole, as reads are often sent as .fastq.gz.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace qc {

bool isGzip(QByteArrayView data);

// Decompresses every member of `data` into `out`. Stops with a reason when the data is damaged
// or would grow past maxBytes, so a small "zip bomb" cannot take the memory.
std::optional<QString> gunzip(QByteArrayView data, QByteArray &out, qsizetype maxBytes);

} // namespace qc
