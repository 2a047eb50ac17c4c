#include "chartstyle.h"

#include <array>
#include <cmath>

namespace qc {

namespace {

constexpr std::array<QRgb, 10> kPalette{0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                        0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};

} // namespace

QColor paletteColor(int index)
{
    if (index >= 0 && index < int(kPalette.size()))
        return QColor::fromRgb(kPalette[std::size_t(index)]);
    const double hue = std::fmod(0.61803398875 * index, 1.0);
    return QColor::fromHsvF(float(hue), 0.75f, 0.8f);
}

QFont scaledFont(QFont font, qreal factor, bool bold)
{
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * factor);
    else
        font.setPixelSize(qMax(1, qRound(font.pixelSize() * factor)));
    font.setBold(bold);
    return font;
}

} // namespace qc
