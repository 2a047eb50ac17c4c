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
    std::transform(other.m_counts.begin(), other.m_counts.end(), m_counts.begin(), m_counts.begin(),
                   std::plus<>());
}

std::uint64_t PositionHistogram::totalValues() const
{
    return std::accumulate(m_counts.begin(), m_counts.end(), std::uint64_t{0});
}

namespace {

void appendVarint(QByteArray &out, std::uint32_t value)
{
    while (value >= 0x80) {
        out.append(char((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.append(char(value));
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
    QByteArray packed;
    packed.reserve(qsizetype(m_counts.size() / 4));
    for (int position = 0; position < positionCount(); ++position) {
        const auto row = bins(position);
        const auto first = std::find_if(row.begin(), row.end(), [](std::uint32_t c) { return c != 0; });
        const auto last = std::find_if(row.rbegin(), row.rend(), [](std::uint32_t c) { return c != 0; }).base();
        const auto firstBin = std::uint32_t(first - row.begin());
        const auto binCount = first < last ? std::uint32_t(last - first) : 0u;
        appendVarint(packed, firstBin);
        appendVarint(packed, binCount);
        for (std::uint32_t i = 0; i < binCount; ++i)
            appendVarint(packed, first[i]);
    }
    return packed;
}

std::optional<PositionHistogram> PositionHistogram::fromPacked(QByteArrayView packed)
{
    PositionHistogram histogram;
    qsizetype at = 0;
    while (at < packed.size()) {
        std::uint32_t firstBin = 0, binCount = 0;
        if (!readVarint(packed, at, firstBin) || !readVarint(packed, at, binCount)
            || std::uint64_t(firstBin) + binCount > std::uint64_t(kQualityBins))
            return std::nullopt;
        const std::size_t rowStart = histogram.m_counts.size();
        histogram.m_counts.resize(rowStart + kQualityBins, 0);
        for (std::uint32_t i = 0; i < binCount; ++i)
            if (!readVarint(packed, at, histogram.m_counts[rowStart + firstBin + i]))
                return std::nullopt;
    }
    return histogram;
}

} // namespace qc
