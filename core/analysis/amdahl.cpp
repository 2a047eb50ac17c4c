#include "amdahl.h"

#include <algorithm>
#include <cmath>

namespace qc {

namespace {

// A larger count whose speedup is below this share of a smaller count's is slower beyond noise.
constexpr double kFallTolerance = 0.95;

bool byEngines(const SpeedupPoint &a, const SpeedupPoint &b)
{
    return a.engines < b.engines;
}

} // namespace

double AmdahlFit::speedupAt(double engines) const
{
    return 1.0 / (serialFraction + (1.0 - serialFraction) / engines);
}

// Amdahl's law S(n) = 1 / (f + (1 - f) / n) is linear in f once inverted:
//     1/S - 1/n = f (1 - 1/n),   i.e. y = f x  with  x = 1 - 1/n,  y = 1/S - 1/n,
// a line through the origin. Least squares gives f = sum(x y) / sum(x^2), and with m points
// (one parameter, so m - 1 degrees of freedom) the residual variance s^2 = sum((y - f x)^2) / (m - 1)
// gives the standard error of f as sqrt(s^2 / sum(x^2)). Fitting 1/S rather than S keeps the
// problem linear and closed-form; it weighs every count by the time it saves, which is what the
// serial fraction is about. One engine (x = 0) carries no information about f and drops out.
AmdahlFit fitAmdahl(const QList<SpeedupPoint> &points)
{
    AmdahlFit fit;
    double sxy = 0;
    double sxx = 0;
    QList<SpeedupPoint> used;
    for (const SpeedupPoint &p : points) {
        if (p.engines <= 1 || !(p.speedup > 0))
            continue;
        const double x = 1.0 - 1.0 / p.engines;
        const double y = 1.0 / p.speedup - 1.0 / p.engines;
        sxy += x * y;
        sxx += x * x;
        used.append(p);
    }
    fit.pointsUsed = int(used.size());
    if (used.isEmpty())
        return fit;
    const double f = sxy / sxx;
    if (used.size() >= 2) {
        double residuals = 0;
        for (const SpeedupPoint &p : std::as_const(used)) {
            const double x = 1.0 - 1.0 / p.engines;
            const double r = 1.0 / p.speedup - 1.0 / p.engines - f * x;
            residuals += r * r;
        }
        fit.standardError = std::sqrt(residuals / double(used.size() - 1) / sxx);
    }
    fit.serialFraction = std::clamp(f, 0.0, 1.0);
    fit.quality = f < 0 ? FitQuality::Superlinear : f > 1 ? FitQuality::SlowerThanSerial : FitQuality::Good;

    QList<SpeedupPoint> sorted = points;
    std::stable_sort(sorted.begin(), sorted.end(), byEngines);
    for (qsizetype i = 1; i < sorted.size(); ++i)
        if (sorted[i].engines > sorted[i - 1].engines && sorted[i].speedup < kFallTolerance * sorted[i - 1].speedup)
            fit.quality = FitQuality::SpeedupFalls;
    return fit;
}

std::optional<int> worthwhileEngines(QList<SpeedupPoint> points)
{
    std::stable_sort(points.begin(), points.end(), byEngines);
    std::optional<int> best;
    for (qsizetype i = 0; i < points.size(); ++i) {
        const SpeedupPoint &p = points[i];
        const bool efficient = p.speedup / p.engines >= kWorthEfficiency;
        const bool gains = i == 0 || p.speedup >= kWorthGain * points[i - 1].speedup;
        if (efficient && gains)
            best = p.engines;
    }
    return best;
}

} // namespace qc
