// Amdahl's law fitted to measured speedups, and the rule that says which engine count pays.
#pragma once

#include <QList>

#include <optional>

namespace qc {

struct SpeedupPoint
{
    int engines = 1;
    double speedup = 1;
};

// Why a fit should not be trusted as it stands; Good when nothing is wrong.
enum class FitQuality {
    Good,
    TooFewPoints, // no count above one engine: nothing to fit
    Superlinear, // faster than n times: f came out below 0 and was clamped (caches, not parallelism)
    SlowerThanSerial, // f came out above 1 and was clamped: more engines made it slower than one process
    SpeedupFalls, // a larger count was clearly slower than a smaller one (contention): no f describes it
};

struct AmdahlFit
{
    double serialFraction = 0; // f, clamped to [0, 1]
    std::optional<double> standardError; // of f; none with fewer than two points above one engine
    int pointsUsed = 0; // points with more than one engine
    FitQuality quality = FitQuality::TooFewPoints;

    // S(n) = 1 / (f + (1 - f) / n), the speedup the fit predicts on n engines.
    double speedupAt(double engines) const;
};

// Least squares on the linear form of Amdahl's law (see amdahl.cpp).
AmdahlFit fitAmdahl(const QList<SpeedupPoint> &points);

// The rule for "worth it": the largest count whose efficiency (speedup / engines) is at least
// kWorthEfficiency and whose speedup is at least kWorthGain times that of the next smaller
// measured count (the smallest count needs only the efficiency). None when no count qualifies.
inline constexpr double kWorthEfficiency = 0.70;
inline constexpr double kWorthGain = 1.10;
std::optional<int> worthwhileEngines(QList<SpeedupPoint> points);

} // namespace qc
