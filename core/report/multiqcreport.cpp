#include "multiqcreport.h"

#include "jsonwriter.h"
#include "stats/positionstats.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <filesystem>
#include <functional>
#include <system_error>

namespace qc {

namespace {

// MultiQC 1.14's custom content keys (multiqc/modules/custom_content). Members are written in the
// order MultiQC should see them: it keeps a file's order, and General Statistics shows its columns
// in that order.

// The line graph's file asks to be a section under a parent "QualCluster" heading, so that later
// QualCluster sections join it instead of each being a module of its own.
void writeSectionHeader(JsonWriter &json)
{
    json.member(u"id", u"qualcluster_mean_quality");
    json.member(u"parent_id", u"qualcluster");
    json.member(u"parent_name", u"QualCluster");
    json.member(u"parent_description",
                QStringLiteral("Quality by position and Sanger QC of each folder of reads, from QualCluster %1.")
                    .arg(QStringLiteral(QUALCLUSTER_VERSION)));
    json.member(u"section_name", u"Mean quality by position");
    json.member(u"description",
                u"The mean phred quality of the bases at each position of the reads, one line per folder.");
    json.member(u"plot_type", u"linegraph");
    json.key(u"pconfig");
    json.beginObject();
    json.member(u"id", u"qualcluster_mean_quality_plot"); // its data file: multiqc_qualcluster_mean_quality_plot.txt
    json.member(u"title", u"QualCluster: mean quality by position");
    json.member(u"xlab", u"Position");
    json.member(u"ylab", u"Quality");
    json.member(u"ymin", 0);
    json.member(u"xDecimals", false);
    json.member(u"tt_label", u"<b>Position {point.x}</b>: {point.y:.2f}");
    json.endObject();
}

struct Column
{
    const char16_t *key; // as in the JSON report's "qc"
    const char16_t *title;
    QString description;
    const char16_t *format;
    const char16_t *scale;
};

void writeColumns(JsonWriter &json, const QList<Column> &columns)
{
    json.beginObject();
    for (const Column &column : columns) {
        json.key(column.key);
        json.beginObject();
        json.member(u"title", column.title);
        json.member(u"description", column.description);
        json.member(u"format", column.format);
        json.member(u"min", 0);
        json.member(u"scale", column.scale);
        json.endObject();
    }
    json.endObject();
}

std::optional<QString> saveInto(const QString &dir, QLatin1String name, const std::function<bool(QIODevice *)> &write)
{
    QSaveFile file(QDir(dir).filePath(name));
    if (!file.open(QIODevice::WriteOnly) || !write(&file) || !file.commit())
        return QStringLiteral("Cannot write %1 into %2: %3")
            .arg(name, QDir::toNativeSeparators(dir), file.errorString());
    return std::nullopt;
}

} // namespace

bool writeMultiqcMeanQuality(QIODevice *device, const RunResult &run)
{
    JsonWriter json(device);
    json.beginObject();
    writeSectionHeader(json);
    json.key(u"data");
    json.beginObject();
    for (const SampleResult &sample : run.samples) {
        json.key(sample.sample.name);
        json.beginObject();
        const PositionHistogram &histogram = sample.histogram;
        for (int position = 0; position < histogram.positionCount(); ++position) {
            const PositionStats s = statsAt(histogram, position);
            // No base reached this position: its mean is no quality at all, not a quality of 0.
            if (s.count == 0)
                continue;
            json.member(QString::number(s.position), s.mean);
        }
        json.endObject();
    }
    json.endObject();
    json.endObject();
    return json.finish();
}

// General Statistics is MultiQC's own table at the top of the report, one row per sample: these
// columns join it there, not the QualCluster heading (1.14 has no way to put them under one).
bool writeMultiqcGeneralStats(QIODevice *device, const RunResult &run, int minQv20)
{
    const QList<Column> columns = {
        {u"reads", u"Reads", QStringLiteral("Reads in the folder"), u"{:,.0f}", u"Blues"},
        {u"failed_reads", u"Failed reads",
         QStringLiteral("Reads with fewer than %1 bases of quality 20 or more").arg(minQv20), u"{:,.0f}", u"Reds"},
        {u"median_qv20", u"Median QV20+", QStringLiteral("Median number of bases of quality 20 or more per read"),
         u"{:,.1f}", u"RdYlGn"},
        {u"median_crl", u"Median CRL",
         QStringLiteral(
             "Median contiguous read length: the longest run of bases whose moving-average quality is 20 or more"),
         u"{:,.1f}", u"RdYlGn"},
    };
    JsonWriter json(device);
    json.beginObject();
    json.member(u"id", u"qualcluster_general_stats");
    json.member(u"plot_type", u"generalstats");
    json.member(u"namespace", u"QualCluster"); // what each column's tooltip starts with
    json.key(u"pconfig");
    writeColumns(json, columns);
    json.key(u"data");
    json.beginObject();
    for (const SampleResult &sample : run.samples) {
        const FolderQc qc = sample.qcSummary(minQv20);
        json.key(sample.sample.name);
        json.beginObject();
        json.member(u"reads", qc.reads);
        json.member(u"failed_reads", qc.failedReads);
        json.member(u"median_qv20", qc.medianQv20);
        json.member(u"median_crl", qc.medianCrl);
        json.endObject();
    }
    json.endObject();
    json.endObject();
    return json.finish();
}

std::optional<QString> writeMultiqcReport(const RunResult &run, const QString &dir, int minQv20)
{
    // std::filesystem says why a folder cannot be made ("Permission denied", "Not a directory"),
    // which QDir::mkpath does not.
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(QFile::encodeName(dir).toStdString()), error);
    if (error)
        return QStringLiteral("Cannot create the folder %1: %2")
            .arg(QDir::toNativeSeparators(dir), QString::fromLocal8Bit(error.message().c_str()));
    if (auto failed = saveInto(dir, kMultiqcMeanQualityFile,
                               [&run](QIODevice *device) { return writeMultiqcMeanQuality(device, run); }))
        return failed;
    return saveInto(dir, kMultiqcGeneralStatsFile,
                    [&](QIODevice *device) { return writeMultiqcGeneralStats(device, run, minQv20); });
}

} // namespace qc
