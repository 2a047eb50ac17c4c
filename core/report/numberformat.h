// Numbers as text, fast and without allocating, in exactly the forms Qt's own writers use.
#pragma once

#include <QtGlobal>

namespace qc {

// Enough room for any number written below.
inline constexpr int kNumberChars = 32;

// Each writes at `out` and returns one past the last character written.
char *formatInteger(qint64 value, char *out);

// As QByteArray::number(value, 'g', QLocale::FloatingPointShortest), which is what
// QJsonDocument::toJson writes for a double: the fewest digits that read back as the same double,
// in decimal or exponent form, whichever is shorter ("3", "0.1", "1e-05", "1.5e+16"); -0 is "0".
// `value` must be finite (JSON has no NaN or infinity).
char *formatShortest(double value, char *out);

// As QByteArray::number(value, 'g', 10): ten significant digits at most, trailing zeros dropped;
// "nan", "inf" and "-inf" as Qt writes them.
char *formatSignificant10(double value, char *out);

} // namespace qc
