#include "positionhistogram.h"

#include <QtEndian>

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
    ensurePositions(qualities.size());
    std::uint32_t *row = m_counts.data();
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

QByteArray PositionHistogram::toPacked() const
{
    if (m_counts.empty())
        return {}; // the byte-order helpers must not see a null pointer
    QByteArray packed(qsizetype(m_counts.size() * sizeof(std::uint32_t)), Qt::Uninitialized);
    qToLittleEndian<std::uint32_t>(m_counts.data(), qsizetype(m_counts.size()), packed.data());
    return packed;
}

std::optional<PositionHistogram> PositionHistogram::fromPacked(const QByteArray &packed)
{
    constexpr qsizetype rowBytes = kQualityBins * sizeof(std::uint32_t);
    if (packed.size() % rowBytes != 0)
        return std::nullopt;
    PositionHistogram histogram;
    if (packed.isEmpty())
        return histogram;
    histogram.m_counts.resize(std::size_t(packed.size()) / sizeof(std::uint32_t));
    qFromLittleEndian<std::uint32_t>(packed.constData(), qsizetype(histogram.m_counts.size()),
                                     histogram.m_counts.data());
    return histogram;
}

} // namespace qc
