// The few CBOR helpers every message encoder and decoder shares: a typed map, a field, a number.
#pragma once

#include <QCborMap>
#include <QCborValue>
#include <QString>

namespace qc::cbor {

inline QCborMap typed(const char *type)
{
    QCborMap map;
    map[QStringLiteral("type")] = QString::fromLatin1(type);
    return map;
}

inline QCborValue field(const QCborMap &map, const char *key)
{
    return map.value(QString::fromLatin1(key));
}

// A number from the wire. Only integers count: toInteger() on a huge double (CBOR keeps integers
// past 2^63 as one) is an out-of-range conversion, undefined behaviour.
inline qint64 integer(const QCborMap &map, const char *key, qint64 fallback = 0)
{
    const QCborValue value = field(map, key);
    return value.isInteger() ? value.toInteger() : fallback;
}

} // namespace qc::cbor
