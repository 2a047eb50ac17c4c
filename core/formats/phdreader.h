// phred .phd.1 files: the quality column of each DNA block.
#pragma once

#include "parsedreads.h"

#include <QByteArrayView>

#include <optional>

namespace qc {

// True when `data` starts like this format (its first bytes only; the name plays no part): the
// first line that is neither blank nor a '#' comment starts with BEGIN_SEQUENCE.
bool looksLikePhd(QByteArrayView data);

// Appends the file's reads to `out` (one per BEGIN_SEQUENCE ... END_SEQUENCE record) and sets
// out.format. A DNA line is "base quality" with an optional peak position, as consed allows.
// Outside records only blank lines, '#' comments and consed's BEGIN_TAG/WR{ blocks may appear.
// On error `out` must be discarded.
std::optional<ReadError> parsePhd(QByteArrayView data, ParsedReads &out);

} // namespace qc
