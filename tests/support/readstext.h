// Test inputs with NUL bytes kept, and a whole parse as one line, for the readers' tests.
#pragma once

#include "formats/parsedreads.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstddef>

// Keeps embedded NUL bytes, which a plain QByteArray(const char *) would cut at.
template<std::size_t N> QByteArray bytes(const char (&text)[N])
{
    return QByteArray(text, N - 1);
}

// A whole parse as one string, "a[1 2] b[]", so that a failure shows what differs.
inline QString describe(const qc::ParsedReads &parsed)
{
    QStringList reads;
    for (const qc::ReadRecord &read : parsed.reads) {
        QStringList values;
        for (std::uint8_t q : parsed.qualitiesOf(read))
            values << QString::number(q);
        reads << QString::fromLatin1(read.name) + u'[' + values.join(u' ') + u']';
    }
    return reads.join(u' ');
}
