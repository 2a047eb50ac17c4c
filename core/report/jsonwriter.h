// JSON written as it is produced, straight to a QIODevice through a small buffer, in the layout
// of QJsonDocument::toJson(QJsonDocument::Indented): a document of any size costs no more memory
// than the buffer, and is byte for byte what the QJsonDocument of the same values would write.
#pragma once

#include "outputbuffer.h"

#include <QStringView>
#include <QVarLengthArray>

#include <concepts>
#include <optional>

class QIODevice;

namespace qc {

class JsonWriter
{
public:
    explicit JsonWriter(QIODevice *device, qsizetype bufferSize = OutputBuffer::kDefaultCapacity);

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();

    // A member's name; its value comes next. QJsonObject keeps its members sorted by name (by
    // UTF-16 code unit, so "read_count" comes before "reads"): write them in that order for the
    // same bytes as QJsonDocument.
    void key(QStringView name);

    // Strings are escaped as QJsonDocument escapes them (RFC 8259): quote, backslash and control
    // characters; other characters as UTF-8; a lone surrogate as \uXXXX.
    void value(QStringView text);
    void value(const char *) = delete; // say u"text": a char* would quietly become a bool
    template<typename T>
    requires std::integral<T> &&(!std::same_as<T, bool>)void value(T number) { writeInteger(qint64(number)); }
    // The shortest form that reads back as the same double, as QJsonDocument writes it; NaN and
    // infinities are null, as in QJsonDocument.
    void value(double number);
    void value(std::optional<double> number);
    template<typename T>
    requires std::same_as<T, bool> // nothing converts to bool by mistake
    void value(T flag) { writeBool(flag); }
    void nullValue();

    template<typename T> void member(QStringView name, const T &v)
    {
        key(name);
        value(v);
    }

    // Writes what is left in the buffer; false if any write to the device failed.
    bool finish();

private:
    struct Level
    {
        bool isObject = false;
        bool hasItems = false;
    };

    void beforeValue();
    void open(char bracket, bool isObject);
    void close(char bracket);
    void startItem();
    void writeIndent(qsizetype depth);
    void writeString(QStringView text, QByteArrayView after);
    void writeInteger(qint64 number);
    void writeBool(bool flag);
    void writeRaw(QByteArrayView text) { m_out.put(text); }

    OutputBuffer m_out;
    QVarLengthArray<Level, 16> m_levels;
    bool m_afterKey = false; // a key was written and its value has not come yet
};

} // namespace qc
