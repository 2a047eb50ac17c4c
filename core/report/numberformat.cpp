#include "numberformat.h"

#include <QByteArray>
#include <QLocale>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace qc {

namespace {

// A finite, non-zero double as Qt's number formatting sees it: value = 0.DIGITS × 10^decpt
// (1.5 has digits "15" and decpt 1; 0.015 has "15" and -1), without trailing zeros.
struct Digits
{
    char digits[24] = {};
    int count = 0;
    int decpt = 0;
    bool negative = false;
};

// The fewest digits that read back as `value`: std::to_chars's shortest round trip, the same
// digits as the double-conversion code that Qt's FloatingPointShortest uses.
Digits shortestDigits(double value)
{
    char text[kNumberChars];
    const auto end = std::to_chars(text, text + sizeof text, value, std::chars_format::scientific).ptr;
    Digits d;
    const char *p = text;
    if (*p == '-') {
        d.negative = true;
        ++p;
    }
    for (; p != end && *p != 'e'; ++p) {
        if (*p != '.')
            d.digits[d.count++] = *p;
    }
    int exponent = 0;
    if (p != end && p + 1 != end)
        std::from_chars(p + 1 + (p[1] == '+'), end, exponent);
    d.decpt = exponent + 1;
    return d;
}

char *writeZeros(char *out, int count)
{
    for (int i = 0; i < count; ++i)
        *out++ = '0';
    return out;
}

char *writeDecimalForm(const Digits &d, char *out)
{
    if (d.negative)
        *out++ = '-';
    if (d.decpt <= 0) {
        *out++ = '0';
        *out++ = '.';
        out = writeZeros(out, -d.decpt);
        std::memcpy(out, d.digits, std::size_t(d.count));
        return out + d.count;
    }
    if (d.decpt >= d.count) {
        std::memcpy(out, d.digits, std::size_t(d.count));
        return writeZeros(out + d.count, d.decpt - d.count);
    }
    std::memcpy(out, d.digits, std::size_t(d.decpt));
    out += d.decpt;
    *out++ = '.';
    std::memcpy(out, d.digits + d.decpt, std::size_t(d.count - d.decpt));
    return out + (d.count - d.decpt);
}

// d.ddde+XX, the exponent with at least two digits (Qt's ZeroPadExponent).
char *writeExponentForm(const Digits &d, char *out)
{
    if (d.negative)
        *out++ = '-';
    *out++ = d.digits[0];
    if (d.count > 1) {
        *out++ = '.';
        std::memcpy(out, d.digits + 1, std::size_t(d.count - 1));
        out += d.count - 1;
    }
    *out++ = 'e';
    const int exponent = d.decpt - 1;
    *out++ = exponent < 0 ? '-' : '+';
    const int magnitude = exponent < 0 ? -exponent : exponent;
    if (magnitude < 10)
        *out++ = '0';
    return std::to_chars(out, out + 4, magnitude).ptr;
}

// Qt's own rule (QLocaleData::doubleToString, 'g' with FloatingPointShortest): the decimal form
// unless the exponent form is shorter; on a tie, decimal.
bool shortestUsesDecimal(const Digits &d)
{
    int bias = 4; // what the exponent form adds: 'e', its sign and two digits
    if (d.count <= d.decpt && d.count > 1)
        ++bias; // the exponent form has a decimal point, the decimal form none
    else if (d.count == 1 && d.decpt <= 0)
        --bias; // the decimal form has a decimal point, the exponent form none
    if (d.decpt <= 0)
        return 1 - d.decpt <= bias; // leading zeros
    if (d.decpt <= d.count)
        return true;
    return d.decpt <= d.count + bias; // trailing zeros
}

constexpr std::uint64_t kPowers[] = {1,         10,         100,         1'000,         10'000,        100'000,
                                     1'000'000, 10'000'000, 100'000'000, 1'000'000'000, 10'000'000'000};

// "00" to "99": two digits at a time.
constexpr char kDigitPairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                               "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                               "8081828384858687888990919293949596979899";

// As formatSignificant10() when 1 <= |value| < 1e9 (the reports' means and percentiles), written
// straight from the ten-digit integer nearest to value × 10^k, without the shortest digits first:
// the exact product (k = 1..9, 10^k exact) is p + err, and fma gives err exactly, so that integer
// is known for certain. nullptr, having written nothing, outside that range or exactly halfway
// between two ten-digit numbers. No division by a power of ten chosen at run time (a slow
// instruction): the integer part is the value's, plus one if rounding carried into it.
char *writeSignificant10(double value, char *out)
{
    const double magnitude = std::fabs(value);
    if (!(magnitude >= 1 && magnitude < 1e9))
        return nullptr;
    int decpt = 1; // 10^(decpt - 1) <= magnitude < 10^decpt
    while (magnitude >= double(kPowers[decpt]))
        ++decpt;
    int fractionDigits = 10 - decpt;
    const std::uint64_t scale = kPowers[fractionDigits];
    const double product = magnitude * double(scale); // in [1e9, 1e10] after rounding
    const double error = std::fma(magnitude, double(scale), -product);
    const auto whole = std::uint64_t(std::int64_t(product)); // product > 0: truncating floors
    const double aboveHalf = (product - double(whole)) - 0.5; // both steps exact
    if (aboveHalf == -error)
        return nullptr; // a tie: Qt's rounding decides
    const std::uint64_t digits = whole + (aboveHalf > -error ? 1 : 0);
    auto integer = std::uint32_t(magnitude);
    std::uint64_t fraction = digits - integer * scale; // in [0, scale]
    if (fraction == scale) { // 12.99999999999 is 13
        ++integer;
        fraction = 0;
    }
    if (value < 0)
        *out++ = '-';
    out = std::to_chars(out, out + kNumberChars, integer).ptr;
    if (fraction == 0)
        return out;
    while (fraction % 10 == 0) {
        fraction /= 10;
        --fractionDigits;
    }
    *out++ = '.';
    char *end = out + fractionDigits; // the fraction with its leading zeros, from the end
    for (; fractionDigits >= 2; fractionDigits -= 2) {
        std::memcpy(out + fractionDigits - 2, kDigitPairs + 2 * (fraction % 100), 2);
        fraction /= 100;
    }
    if (fractionDigits == 1)
        *out = char('0' + fraction);
    return end;
}

char *qtFallback(double value, char *out)
{
    const QByteArray text = QByteArray::number(value, 'g', 10);
    std::memcpy(out, text.constData(), std::size_t(text.size()));
    return out + text.size();
}

} // namespace

char *formatInteger(qint64 value, char *out)
{
    return std::to_chars(out, out + kNumberChars, value).ptr;
}

char *formatShortest(double value, char *out)
{
    // Whole numbers below 1e5 (zero and -0 included) have no shorter exponent form.
    if (std::fabs(value) < 1e5 && value == std::trunc(value))
        return formatInteger(qint64(value), out);
    const Digits d = shortestDigits(value);
    return shortestUsesDecimal(d) ? writeDecimalForm(d, out) : writeExponentForm(d, out);
}

char *formatSignificant10(double value, char *out)
{
    constexpr int kPrecision = 10;
    // The reports' usual numbers first: whole numbers, then those with a fraction.
    if (std::fabs(value) < 1e9) { // false for NaN
        const auto whole = qint64(value);
        if (double(whole) == value)
            return formatInteger(whole, out); // zero and -0 included
        if (char *end = writeSignificant10(value, out))
            return end;
    }
    if (std::isnan(value)) {
        std::memcpy(out, "nan", 3); // NOLINT(bugprone-not-null-terminated-result): returns the end, no NUL
        return out + 3;
    }
    if (std::isinf(value)) {
        const QByteArrayView text = value > 0 ? QByteArrayView("inf") : QByteArrayView("-inf");
        std::memcpy(out, text.data(), std::size_t(text.size()));
        return out + text.size();
    }
    // For a normal double the shortest digits lie within half an ulp (~1e-16 relative) of the
    // value, far closer than half a step of ten significant digits: up to ten of them are the
    // correctly rounded digits, and more round to them unless they end exactly halfway (eleven
    // digits ending in 5), where only the exact value can say. Subnormals have too few bits.
    if (std::fabs(value) < std::numeric_limits<double>::min())
        return qtFallback(value, out);
    Digits d = shortestDigits(value);
    if (d.count > kPrecision) {
        if (d.count == kPrecision + 1 && d.digits[kPrecision] == '5')
            return qtFallback(value, out);
        const bool roundUp = d.digits[kPrecision] >= '5';
        d.count = kPrecision;
        if (roundUp) {
            int i = kPrecision - 1;
            while (i >= 0 && d.digits[i] == '9')
                d.digits[i--] = '0';
            if (i >= 0) {
                ++d.digits[i];
            } else {
                d.digits[0] = '1';
                d.count = 1;
                ++d.decpt;
            }
        }
        while (d.count > 1 && d.digits[d.count - 1] == '0')
            --d.count;
    }
    const bool useDecimal = d.decpt > -4 && d.decpt <= kPrecision;
    return useDecimal ? writeDecimalForm(d, out) : writeExponentForm(d, out);
}

} // namespace qc
