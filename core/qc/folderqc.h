// A folder's QC summary: how many reads passed and the typical read.
#pragma once

#include "readqc.h"

#include <QtGlobal>

#include <span>

namespace qc {

// A read fails when fewer than this many of its bases have quality >= 20.
constexpr int kDefaultMinQv20 = 100;

struct FolderQc
{
    qint64 reads = 0;
    qint64 failedReads = 0; // QV20+ below minQv20
    int minQv20 = kDefaultMinQv20;
    // Medians with numpy.median semantics: the middle value for an odd count, the mean of the
    // two middle values for an even count, 0 for a folder without reads.
    double medianLength = 0;
    double medianQv20 = 0;
    double medianCrl = 0;
    bool operator==(const FolderQc &) const = default;
};

// O(reads) on average (nth_element, no full sort).
FolderQc summarizeFolder(std::span<const ReadQc> reads, int minQv20 = kDefaultMinQv20);

} // namespace qc
