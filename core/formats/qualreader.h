// phred FASTA-style quality text (.qual): '>' headers, whitespace-separated integers 0..100.
#pragma once

#include "parsedreads.h"

#include <QByteArrayView>

#include <optional>

namespace qc {

// Appends the file's reads to `out`. On error `out` holds a partial file and must be discarded.
std::optional<ReadError> parseQual(QByteArrayView text, ParsedReads &out);

} // namespace qc
