#include "jsonwriter.h"

#include "numberformat.h"

#include <cmath>
#include <cstring>

namespace qc {

namespace {

char hexDigit(unsigned value)
{
    return "0123456789abcdef"[value & 0xf];
}

// As QJsonDocument's escapedString(): writes the UTF-16 units from `src` up to `stop` (and the
// second half of a surrogate pair that straddles it, up to `end`), at most 6 bytes for each unit
// and 6 more; returns the end of what it wrote and leaves `src` after what it read.
char *escapeInto(char *out, const char16_t *&src, const char16_t *stop, const char16_t *end)
{
    while (src < stop) {
        const char16_t u = *src++;
        if (u >= 0x20 && u < 0x80 && u != u'"' && u != u'\\') {
            *out++ = char(u);
        } else if (u < 0x80) {
            *out++ = '\\';
            switch (u) {
            case u'"':
                *out++ = '"';
                break;
            case u'\\':
                *out++ = '\\';
                break;
            case u'\b':
                *out++ = 'b';
                break;
            case u'\f':
                *out++ = 'f';
                break;
            case u'\n':
                *out++ = 'n';
                break;
            case u'\r':
                *out++ = 'r';
                break;
            case u'\t':
                *out++ = 't';
                break;
            default:
                *out++ = 'u';
                *out++ = '0';
                *out++ = '0';
                *out++ = hexDigit(u >> 4);
                *out++ = hexDigit(u);
            }
        } else if (u < 0x800) {
            *out++ = char(0xc0 | (u >> 6));
            *out++ = char(0x80 | (u & 0x3f));
        } else if (!QChar::isSurrogate(u)) {
            *out++ = char(0xe0 | (u >> 12));
            *out++ = char(0x80 | ((u >> 6) & 0x3f));
            *out++ = char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && src != end && QChar::isLowSurrogate(*src)) {
            const char32_t ucs4 = QChar::surrogateToUcs4(u, *src++);
            *out++ = char(0xf0 | (ucs4 >> 18));
            *out++ = char(0x80 | ((ucs4 >> 12) & 0x3f));
            *out++ = char(0x80 | ((ucs4 >> 6) & 0x3f));
            *out++ = char(0x80 | (ucs4 & 0x3f));
        } else { // a lone surrogate: not UTF-8, so escaped
            *out++ = '\\';
            *out++ = 'u';
            *out++ = hexDigit(u >> 12);
            *out++ = hexDigit(u >> 8);
            *out++ = hexDigit(u >> 4);
            *out++ = hexDigit(u);
        }
    }
    return out;
}

} // namespace

JsonWriter::JsonWriter(QIODevice *device, qsizetype bufferSize)
    : m_out(device, bufferSize)
{}

void JsonWriter::beginObject()
{
    open('{', true);
}

void JsonWriter::endObject()
{
    Q_ASSERT(!m_levels.isEmpty() && m_levels.last().isObject && !m_afterKey);
    close('}');
}

void JsonWriter::beginArray()
{
    open('[', false);
}

void JsonWriter::endArray()
{
    Q_ASSERT(!m_levels.isEmpty() && !m_levels.last().isObject);
    close(']');
}

// QJsonDocument's layout: "{" or "[" ends its line; each item on a line of its own, indented by
// four spaces a level, followed by "," but the last; the closing bracket on its own line, at the
// indent of the line that opened it (so an empty array is "[", a line break, then "]").
void JsonWriter::open(char bracket, bool isObject)
{
    beforeValue();
    m_out.put(bracket);
    m_out.put('\n');
    m_levels.append({isObject, false});
}

void JsonWriter::close(char bracket)
{
    const Level level = m_levels.last();
    m_levels.removeLast();
    if (level.hasItems)
        m_out.put('\n');
    writeIndent(m_levels.size());
    m_out.put(bracket);
    if (m_levels.isEmpty())
        m_out.put('\n'); // the document ends with a line break
}

void JsonWriter::key(QStringView name)
{
    Q_ASSERT(!m_levels.isEmpty() && m_levels.last().isObject && !m_afterKey);
    startItem();
    writeString(name, ": ");
    m_afterKey = true;
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_levels.isEmpty())
        return;
    Q_ASSERT(!m_levels.last().isObject); // an object's value comes after its key
    startItem();
}

// A comma and line break after the item before, then the indent.
void JsonWriter::startItem()
{
    Level &level = m_levels.last();
    if (level.hasItems) {
        char *out = m_out.reserve(2);
        *out++ = ',';
        *out++ = '\n';
        m_out.commit(out);
    }
    level.hasItems = true;
    writeIndent(m_levels.size());
}

void JsonWriter::writeIndent(qsizetype depth)
{
    const qsizetype piece = m_out.capacity() / 2;
    for (qsizetype left = 4 * depth; left > 0; left -= piece) {
        const qsizetype spaces = qMin(left, piece);
        char *out = m_out.reserve(spaces);
        std::memset(out, ' ', std::size_t(spaces));
        m_out.commit(out + spaces);
    }
}

void JsonWriter::value(QStringView text)
{
    beforeValue();
    writeString(text, {});
}

void JsonWriter::value(double number)
{
    beforeValue();
    if (!std::isfinite(number)) {
        writeRaw("null");
        return;
    }
    m_out.commit(formatShortest(number, m_out.reserve(kNumberChars)));
}

void JsonWriter::value(std::optional<double> number)
{
    if (number)
        value(*number);
    else
        nullValue();
}

void JsonWriter::writeBool(bool flag)
{
    beforeValue();
    writeRaw(flag ? QByteArrayView("true") : QByteArrayView("false"));
}

void JsonWriter::nullValue()
{
    beforeValue();
    writeRaw("null");
}

void JsonWriter::writeInteger(qint64 number)
{
    beforeValue();
    m_out.commit(formatInteger(number, m_out.reserve(kNumberChars)));
}

// A piece of the string at a time, with room reserved for the longest escape of each unit.
void JsonWriter::writeString(QStringView text, QByteArrayView after)
{
    const char16_t *src = text.utf16();
    const char16_t *const end = src + text.size();
    const qsizetype piece = (m_out.capacity() - 16) / 6;
    Q_ASSERT(after.size() <= 4);
    char *out = m_out.reserve(6 * qMin(piece, text.size()) + 12);
    *out++ = '"';
    for (;;) {
        out = escapeInto(out, src, src + qMin(piece, qsizetype(end - src)), end);
        if (src >= end)
            break;
        m_out.commit(out);
        out = m_out.reserve(6 * qMin(piece, qsizetype(end - src)) + 12);
    }
    *out++ = '"';
    for (const char c : after)
        *out++ = c;
    m_out.commit(out);
}

bool JsonWriter::finish()
{
    Q_ASSERT(m_levels.isEmpty());
    return m_out.flush();
}

} // namespace qc
