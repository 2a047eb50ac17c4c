// The tables that describe the shared reference data: MANIFEST.tsv (every file and what it is)
// and EXPECTED_SUMMARY.tsv (what Biopython, BioPerl or io_lib read from each valid one).
#pragma once

#include "shareddata.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

using ReferenceRow = QHash<QString, QString>;

// A shared file's bytes; empty when it is missing (the test's QC_REQUIRE_SHARED says so).
inline QByteArray sharedFileBytes(const QString &relative)
{
    QFile file(sharedDataPath(relative));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The "files" object of one of the expected_*.json files: each file's values, by path.
inline QJsonObject referenceFiles(const QString &jsonName)
{
    return QJsonDocument::fromJson(sharedFileBytes(jsonName)).object().value(QStringLiteral("files")).toObject();
}

// A tab-separated table's rows as their cells, by the first cell (the file), sorted.
inline QMap<QString, QStringList> referenceRowsByFile(const QString &name)
{
    QMap<QString, QStringList> rows;
    for (const QByteArray &line : sharedFileBytes(name).split('\n')) {
        const QStringList cells = QString::fromUtf8(line).split(u'\t');
        rows.insert(cells.first(), cells);
    }
    return rows;
}

// A tab-separated file with a header line, as rows keyed by column name; empty if unreadable.
inline QList<ReferenceRow> readReferenceTable(const QString &name)
{
    QList<ReferenceRow> rows;
    QFile file(sharedDataPath(name));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return rows;
    const QStringList header = QString::fromUtf8(file.readLine()).trimmed().split(u'\t');
    while (!file.atEnd()) {
        const QStringList cells = QString::fromUtf8(file.readLine()).chopped(1).split(u'\t');
        ReferenceRow row;
        for (qsizetype i = 0; i < header.size() && i < cells.size(); ++i)
            row.insert(header[i], cells[i]);
        rows.append(row);
    }
    return rows;
}

// Listed as valid Sanger FASTQ because Biopython and BioPerl read any FASTQ as Sanger unless told
// otherwise; but the first two are byte for byte fastq/test3_illumina.fastq, which the manifest
// marks as Illumina encoding, and the third is Illumina 1.5 data (names ending "#0/1", qualities
// from 'D' up, which as Sanger would reach Q59). No character is below ';', so QualCluster
// refuses them as Phred+64, like test3_illumina.
inline const QStringList kPhred64ListedAsSanger = {QStringLiteral("bioperl/t/data/test.fastq"),
                                                   QStringLiteral("bioperl/t/data/testaln.fastq"),
                                                   QStringLiteral("bioperl/t/data/test_clear_range.fastq")};

// A summary row whose values QualCluster must reproduce. Not those it refuses by design: Phred+64
// or Solexa FASTQ, files without qualities, malformed files, .qual values above phred's 100
// (Biopython and BioPerl take any integer), and an empty file (no reads: worth telling the user).
inline bool readableAsSummarised(const ReferenceRow &summary)
{
    const QString kind = summary.value(QStringLiteral("kind"));
    const QString trust = summary.value(QStringLiteral("trust"));
    if (summary.value(QStringLiteral("max")).toLongLong() > 100 || summary.value(QStringLiteral("n_records")) == u"0")
        return false;
    return !trust.contains(QStringLiteral("fastq-solexa")) && !trust.contains(QStringLiteral("fastq-illumina"))
        && !kPhred64ListedAsSanger.contains(summary.value(QStringLiteral("file")))
        && !kind.contains(QStringLiteral("NO confidence values"))
        && !trust.contains(QStringLiteral("no AV/quality lines")) && !kind.startsWith(QStringLiteral("MALFORMED"));
}
