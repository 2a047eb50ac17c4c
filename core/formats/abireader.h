// ABI chromatograms (ABIF: .ab1, .abi): per-base quality from PCON 2 exactly as stored.
#pragma once

#include "parsedreads.h"

#include <QByteArrayView>

#include <optional>

namespace qc {

// True when `data` starts with "ABIF", directly or after a 128-byte MacBinary header (its first
// bytes only; the name plays no part).
bool looksLikeAbi(QByteArrayView data);

// Appends the file's one read to `out` and sets out.format. The name is SMPL 1, or empty when
// the file has none (the caller then names the read after the file). Files without PCON 2
// (ABI 373/377-era runs, fragment analysis) are refused. On error `out` must be discarded.
std::optional<ReadError> parseAbi(QByteArrayView data, ParsedReads &out);

} // namespace qc
