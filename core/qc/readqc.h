// The numbers a sequencing facility quotes for one Sanger read, from its qualities alone.
#pragma once

#include <cstdint>
#include <span>

namespace qc {

struct ClearRange
{
    int start = 0; // first base kept (0-based)
    int end = 0; // one past the last base kept; start == end when nothing is kept
    int length() const { return end - start; }
    bool operator==(const ClearRange &) const = default;
};

struct ReadQc
{
    int length = 0;
    double mean = 0; // mean quality over the whole read (0 for an empty read)
    int qv20 = 0; // bases with quality >= 20
    int crl = 0; // contiguous read length, see contiguousReadLength()
    ClearRange clear; // modified Mott clear range, see mottClearRange()
    double traceScore = 0; // mean quality inside the clear range (0 when it is empty)
    int trimmedLength() const { return clear.length(); }
    bool operator==(const ReadQc &) const = default;
};

// Quality from which a base counts towards QV20+ and the level CRL's moving average must hold.
constexpr int kGoodQuality = 20;
// CRL's moving window reaches this many bases to each side of the base it scores.
constexpr int kCrlHalfWindow = 20;
constexpr double kDefaultMottCutoff = 0.05;

// Modified Mott trimming, as phred -trim_alt and seqtk trimfq do it. Each base scores
// cutoff - 10^(-Q/10) (Q above 100 counts as 100); the clear range is the stretch with the
// highest total score, found in one pass (Kadane): a running sum restarts after the base where it
// fell below zero. On ties the stretch that ends first wins, starting just after the last restart.
// There is no minimum length: when no base scores above zero (every Q <= 13 at cutoff 0.05) the
// range is empty. seqtk differs in three ways: it keeps at least -l bases (default 30, so compare
// with -l 1), leaves reads of at most -l bases untrimmed, and scores Q 0..2 as Q 3.
ClearRange mottClearRange(std::span<const std::uint8_t> qualities, double cutoff = kDefaultMottCutoff);

// Contiguous read length: the longest run of consecutive bases whose moving-average quality is
// >= 20. ABI speaks of a moving window of about 20 bases without publishing it; ours is exact:
// the average for base i is the plain mean of qualities i-20 .. i+20 (41 bases), clipped at the
// read ends, i.e. the mean of those bases that exist (base 0 averages bases 0..20). The test is
// exact (sum >= 20 * bases in the window), no rounding. A read of at most 21 bases is thus judged
// by its overall mean at every base. Empty read: 0.
int contiguousReadLength(std::span<const std::uint8_t> qualities);

// Everything above for one read, in O(length).
ReadQc computeReadQc(std::span<const std::uint8_t> qualities);

} // namespace qc
