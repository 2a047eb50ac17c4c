// Quality values counted per read position: the exact, mergeable summary of a folder of reads.
#pragma once

#include <QByteArray>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace qc {

inline constexpr int kMaxQuality = 100;
inline constexpr int kQualityBins = kMaxQuality + 1;

class PositionHistogram
{
public:
    // Positions are 0-based here; reports show them 1-based.
    void addRead(std::span<const std::uint8_t> qualities);
    // Counts `qualities` as the bases from position `firstPosition` (0-based) on: a read's
    // clear range keeps the positions it had in the whole read.
    void addBasesAt(std::span<const std::uint8_t> qualities, std::size_t firstPosition);
    void merge(const PositionHistogram &other);

    int positionCount() const { return int(m_counts.size() / kQualityBins); }
    std::uint32_t count(int position, int quality) const
    {
        return m_counts[std::size_t(position) * kQualityBins + std::size_t(quality)];
    }
    std::span<const std::uint32_t> bins(int position) const
    {
        return {m_counts.data() + std::size_t(position) * kQualityBins, kQualityBins};
    }
    std::uint64_t totalValues() const;
    bool isEmpty() const { return m_counts.empty(); }
    bool operator==(const PositionHistogram &other) const = default;

    // What travels between processes, position by position: the first non-empty bin, the number
    // of bins up to the last non-empty one, then those counts, each an unsigned little-endian
    // base-128 varint. Most bins are empty, so this is about a tenth of the raw counts, which
    // keeps a result frame within one socket buffer. fromPacked() rejects anything malformed.
    QByteArray toPacked() const;
    static std::optional<PositionHistogram> fromPacked(QByteArrayView packed);

private:
    void ensurePositions(std::size_t positions);
    std::vector<std::uint32_t> m_counts;
};

} // namespace qc
