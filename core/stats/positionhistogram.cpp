#include "positionhistogram.h"

#include <algorithm>
#include <numeric>

namespace qc {

void PositionHistogram::ensurePositions(std::size_t positions)
{
    if (m_counts.size() < positions * kQualityBins)
        m_counts.resize(positions * kQualityBins, 0);
}

void PositionHistogram::addRead(std::span<const std::uint8_t> qualities)
{
    addBasesAt(qualities, 0);
}

void PositionHistogram::addBasesAt(std::span<const std::uint8_t> qualities, std::size_t firstPosition)
{
    if (qualities.empty())
        return;
    ensurePositions(firstPosition + qualities.size());
    std::uint32_t *row = m_counts.data() + firstPosition * kQualityBins;
    for (std::uint8_t q : qualities) {
        ++row[q];
        row += kQualityBins;
    }
}

void PositionHistogram::merge(const PositionHistogram &other)
{
    ensurePositions(other.m_counts.size() / kQualityBins);
    std::transform(other.m_counts.begin(), other.m_counts.end(), m_counts.begin(), m_counts.begin(), std::plus<>());
}

std::uint64_t PositionHistogram::totalValues() const
{
    return std::accumulate(m_counts.begin(), m_counts.end(), std::uint64_t{0});
}

namespace {

// Writes one varint at `out` (room for 5 bytes), returns the end. Raw writes into a buffer sized
// once: QByteArray::append per byte made packing cost a third of an engine's time per task.
char *writeVarint(char *out, std::uint32_t value)
{
    while (value >= 0x80) {
        *out++ = char((value & 0x7f) | 0x80);
        value >>= 7;
    }
    *out++ = char(value);
    return out;
}

// Reads one varint at `at`; false when the input ends inside it or it does not fit 32 bits.
bool readVarint(QByteArrayView in, qsizetype &at, std::uint32_t &value)
{
    value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        if (at >= in.size())
            return false;
        const auto byte = std::uint8_t(in[at++]);
        const std::uint64_t wide = std::uint64_t(value) | (std::uint64_t(byte & 0x7f) << shift);
        if (wide > 0xffffffffu)
            return false;
        value = std::uint32_t(wide);
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

} // namespace

QByteArray PositionHistogram::toPacked() const
{
    // At most 5 bytes a varint: two per position, then one per bin.
    QByteArray packed(qsizetype(positionCount()) * 10 + qsizetype(m_counts.size()) * 5, Qt::Uninitialized);
    char *out = packed.data();
    for (int position = 0; position < positionCount(); ++position) {
        const auto row = bins(position);
        const auto first = std::find_if(row.begin(), row.end(), [](std::uint32_t c) { return c != 0; });
        const auto last = std::find_if(row.rbegin(), row.rend(), [](std::uint32_t c) { return c != 0; }).base();
        const auto firstBin = std::uint32_t(first - row.begin());
        const auto binCount = first < last ? std::uint32_t(last - first) : 0u;
        out = writeVarint(out, firstBin);
        out = writeVarint(out, binCount);
        for (std::uint32_t i = 0; i < binCount; ++i)
            out = writeVarint(out, first[i]);
    }
    packed.truncate(out - packed.constData());
    return packed;
}

std::optional<PositionHistogram> PositionHistogram::fromPacked(QByteArrayView packed)
{
    // Two passes: the first checks the bytes and counts the positions, so that the counts are
    // allocated and zeroed once (growing them row by row cost more than reading the varints).
    qsizetype positions = 0;
    for (qsizetype at = 0; at < packed.size(); ++positions) {
        std::uint32_t firstBin = 0, binCount = 0, count = 0;
        if (!readVarint(packed, at, firstBin) || !readVarint(packed, at, binCount)
            || std::uint64_t(firstBin) + binCount > std::uint64_t(kQualityBins))
            return std::nullopt;
        for (std::uint32_t i = 0; i < binCount; ++i)
            if (!readVarint(packed, at, count))
                return std::nullopt;
    }
    PositionHistogram histogram;
    histogram.m_counts.assign(std::size_t(positions) * kQualityBins, 0);
    std::uint32_t *row = histogram.m_counts.data();
    for (qsizetype at = 0; at < packed.size(); row += kQualityBins) {
        std::uint32_t firstBin = 0, binCount = 0;
        readVarint(packed, at, firstBin);
        readVarint(packed, at, binCount);
        for (std::uint32_t i = 0; i < binCount; ++i)
            readVarint(packed, at, row[firstBin + i]);
    }
    return histogram;
}

} // namespace qc
