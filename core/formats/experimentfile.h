// Staden experiment files: their lines screened here for what io_lib mishandles, then read by it.
#pragma once

#include "parsedreads.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <optional>
#include <vector>

namespace qc {

// True when the first line starts "XX   " with XX one of io_lib's experiment-file line codes.
bool looksLikeExperimentFile(QByteArrayView data);

// Appends the quality (AV) of each base of the sequence (SQ) to `out`, 0 for bases other than
// A, C, G and T, and sets `name` from the ID line (else EN). Refuses files io_lib would mishandle
// and files without AV lines. Calls io_lib under ioLibMutex.
std::optional<ReadError> readExperimentFile(QByteArrayView data, std::vector<std::uint8_t> &out, QByteArray &name);

} // namespace qc
