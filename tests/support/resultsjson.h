// Reading the results.json that `qualcluster analyze --json` writes, for tests that compare runs.
#pragma once

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

inline QJsonDocument readJson(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()) : QJsonDocument();
}

inline QSet<qint64> enginePidsOf(const QJsonDocument &results)
{
    QSet<qint64> pids;
    for (const QJsonValue sample : results[u"samples"].toArray())
        for (const QJsonValue engine : sample[u"engines"].toArray())
            pids.insert(engine[u"pid"].toInteger());
    return pids;
}

// What must not depend on where a run ran: per folder, its reads and per-position statistics.
inline QJsonArray numbersOf(const QJsonDocument &results)
{
    QJsonArray numbers;
    for (const QJsonValue sample : results[u"samples"].toArray())
        numbers.append(QJsonObject{{QStringLiteral("name"), sample[u"name"]},
                                   {QStringLiteral("reads"), sample[u"read_count"]},
                                   {QStringLiteral("positions"), sample[u"positions"]},
                                   {QStringLiteral("errors"), sample[u"errors"]}});
    return numbers;
}
