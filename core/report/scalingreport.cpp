#include "scalingreport.h"

#include "jsonwriter.h"
#include "numberformat.h"

#include <QSaveFile>

namespace qc {

namespace {

void writeSeconds(JsonWriter &json, const QList<double> &seconds)
{
    json.beginArray();
    for (const double s : seconds)
        json.value(s);
    json.endArray();
}

QByteArray number(double value)
{
    char text[kNumberChars];
    return QByteArray(text, formatShortest(value, text) - text);
}

using Writer = bool (*)(QIODevice *, const ScalingResult &);

std::optional<QString> writeFile(const ScalingResult &result, const QString &path, Writer writer)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !writer(&file, result) || !file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}

} // namespace

QString fitQualityName(FitQuality quality)
{
    switch (quality) {
    case FitQuality::Good:
        return QStringLiteral("good");
    case FitQuality::TooFewPoints:
        return QStringLiteral("too_few_points");
    case FitQuality::Superlinear:
        return QStringLiteral("superlinear");
    case FitQuality::SlowerThanSerial:
        return QStringLiteral("slower_than_serial");
    case FitQuality::SpeedupFalls:
        return QStringLiteral("speedup_falls");
    }
    return {};
}

// Members in sorted order, as the run report writes them.
bool writeScalingJson(QIODevice *device, const ScalingResult &result)
{
    JsonWriter json(device, OutputBuffer::kMinimumCapacity * 16);
    json.beginObject();
    json.key(u"fit");
    json.beginObject();
    json.member(u"points_used", result.fit.pointsUsed);
    json.member(u"quality", fitQualityName(result.fit.quality));
    json.member(u"serial_fraction", result.fit.serialFraction);
    json.member(u"standard_error", result.fit.standardError);
    json.endObject();
    json.key(u"folders");
    json.beginArray();
    for (const QString &folder : result.folders)
        json.value(folder);
    json.endArray();
    json.key(u"points");
    json.beginArray();
    for (const ScalingPoint &p : result.points) {
        json.beginObject();
        json.member(u"efficiency", p.efficiency);
        json.member(u"engines", p.engines);
        json.member(u"median_seconds", p.medianSeconds);
        json.key(u"seconds");
        writeSeconds(json, p.wallSeconds);
        json.member(u"speedup", p.speedup);
        json.member(u"startup_seconds", p.startupSeconds);
        json.endObject();
    }
    json.endArray();
    json.member(u"profile", result.profile);
    json.member(u"repeats", result.repeats);
    json.key(u"serial");
    json.beginObject();
    json.member(u"median_seconds", result.serialMedian);
    json.key(u"seconds");
    writeSeconds(json, result.serialSeconds);
    json.endObject();
    json.member(u"started", result.started.toString(Qt::ISODate));
    json.key(u"tool");
    json.beginObject();
    json.member(u"name", u"qualcluster");
    json.member(u"version", QStringLiteral(QUALCLUSTER_VERSION));
    json.endObject();
    json.member(u"words", result.words);
    json.key(u"worthwhile_engines");
    if (result.worthwhile)
        json.value(*result.worthwhile);
    else
        json.nullValue();
    json.endObject();
    return json.finish();
}

bool writeScalingCsv(QIODevice *device, const ScalingResult &result)
{
    QByteArray text = "mode,engines,run,wall_seconds,median_seconds,speedup,efficiency,startup_seconds\n";
    for (qsizetype i = 0; i < result.serialSeconds.size(); ++i)
        text += "serial,1," + QByteArray::number(i + 1) + ',' + number(result.serialSeconds[i]) + ','
            + number(result.serialMedian) + ",,,\n";
    for (const ScalingPoint &p : result.points)
        for (qsizetype i = 0; i < p.wallSeconds.size(); ++i)
            text += "engines," + QByteArray::number(p.engines) + ',' + QByteArray::number(i + 1) + ','
                + number(p.wallSeconds[i]) + ',' + number(p.medianSeconds) + ',' + number(p.speedup) + ','
                + number(p.efficiency) + ',' + number(p.startupSeconds) + '\n';
    return device->write(text) == text.size();
}

std::optional<QString> writeScalingJsonReport(const ScalingResult &result, const QString &path)
{
    return writeFile(result, path, writeScalingJson);
}

std::optional<QString> writeScalingCsvReport(const ScalingResult &result, const QString &path)
{
    return writeFile(result, path, writeScalingCsv);
}

} // namespace qc
