// Which files of a folder hold quality data, and reading one of them whatever its format.
#pragma once

#include "parsedreads.h"

#include <QString>

#include <optional>

namespace qc {

// The lesson's rule: a file whose name ends in "qual" (".qual", "_qual", "x.qual"...).
bool isQualityFileName(const QString &fileName);

// Reads the whole file at `path` into `out` (cleared first). `buffer` is scratch space kept by
// the caller so that a folder of files reuses one allocation.
std::optional<ReadError> readQualityFile(const QString &path, ParsedReads &out, QByteArray &buffer);

} // namespace qc
