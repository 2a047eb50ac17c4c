#include "csvreport.h"

#include "numberformat.h"
#include "outputbuffer.h"
#include "stats/positionstats.h"

#include <QBuffer>
#include <QSaveFile>

#include <functional>

namespace qc {

namespace {

// A row's numbers: each field at most kNumberChars and its comma.
constexpr qsizetype kNumbersRoom = 16 * (kNumberChars + 1);

// Quotes a field only when it needs it (RFC 4180): when it holds a comma, a quote or a line feed.
void putField(OutputBuffer &out, QByteArrayView field)
{
    if (!field.contains(',') && !field.contains('"') && !field.contains('\n')) {
        out.put(field);
        return;
    }
    out.put('"');
    for (const char c : field) {
        if (c == '"')
            out.put(c);
        out.put(c);
    }
    out.put('"');
}

// As putField(text.toUtf8()), without converting the usual plain ASCII text that needs no quotes.
void putField(OutputBuffer &out, QStringView text)
{
    bool plain = text.size() < out.capacity() / 2;
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (c >= 0x80 || c == u',' || c == u'"' || c == u'\n')
            plain = false;
    }
    if (!plain) {
        putField(out, QByteArrayView(text.toUtf8()));
        return;
    }
    char *o = out.reserve(text.size());
    for (const QChar c : text)
        *o++ = char(c.unicode());
    out.commit(o);
}

// The whole field, quotes and all, for a value that repeats on every row.
QByteArray quotedField(const QString &text)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        OutputBuffer out(&buffer, OutputBuffer::kMinimumCapacity);
        putField(out, QStringView(text));
    }
    return buffer.data();
}

char *putInteger(char *o, qint64 value)
{
    o = formatInteger(value, o);
    *o++ = ',';
    return o;
}

char *putNumber(char *o, double value)
{
    o = formatSignificant10(value, o);
    *o++ = ',';
    return o;
}

// Ends a row whose last field put a comma after itself.
void endRow(OutputBuffer &out, char *o)
{
    o[-1] = '\n';
    out.commit(o);
}

QByteArray optionalIndex(int index)
{
    return index >= 0 ? QByteArray::number(index) : QByteArray();
}

std::optional<QString> saveFile(const QString &path, const std::function<bool(QIODevice *)> &write)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !write(&file) || !file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}

QByteArray inMemory(const RunResult &run, bool (*write)(QIODevice *, const RunResult &))
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    write(&buffer, run);
    return buffer.data();
}

} // namespace

bool writeRunCsv(QIODevice *device, const RunResult &run)
{
    OutputBuffer out(device);
    out.put("sample,treatment,replicate,position,count,mean,min,p10,q1,median,q3,p90,max\n");
    for (const SampleResult &sample : run.samples) {
        // The three fields that open every row of the sample, with their commas.
        const QByteArray prefix = quotedField(sample.sample.name) + ',' + optionalIndex(sample.sample.treatment) + ','
            + optionalIndex(sample.sample.replicate) + ',';
        // One position at a time, not positionStats()'s vector: nothing grows with the run.
        const PositionHistogram &histogram = sample.histogram;
        for (int position = 0; position < histogram.positionCount(); ++position) {
            const PositionStats s = statsAt(histogram, position);
            out.put(prefix);
            char *o = out.reserve(kNumbersRoom);
            o = putInteger(o, s.position);
            o = putInteger(o, qint64(s.count));
            o = putNumber(o, s.mean);
            o = putInteger(o, s.min);
            o = putNumber(o, s.p10);
            o = putNumber(o, s.q1);
            o = putNumber(o, s.median);
            o = putNumber(o, s.q3);
            o = putNumber(o, s.p90);
            o = putInteger(o, s.max);
            endRow(out, o);
        }
    }
    return out.flush();
}

bool writeReadsCsv(QIODevice *device, const RunResult &run)
{
    // trim_start and trim_end are 1-based and inclusive, as positions are everywhere else; 0 and 0
    // when the whole read is trimmed away.
    OutputBuffer out(device);
    out.put("sample,file,name,format,length,mean,qv20,crl,trim_start,trim_end,trimmed_length,trace_score\n");
    for (const SampleResult &sample : run.samples) {
        const QByteArray name = quotedField(sample.sample.name);
        for (const ReadSummary &read : sample.readSummaries) {
            const ReadQc &qc = read.qc;
            const bool kept = qc.clear.length() > 0;
            out.put(name);
            out.put(',');
            putField(out, read.file);
            out.put(',');
            putField(out, read.name);
            out.put(',');
            putField(out, read.format);
            out.put(',');
            char *o = out.reserve(kNumbersRoom);
            o = putInteger(o, qc.length);
            o = putNumber(o, qc.mean);
            o = putInteger(o, qc.qv20);
            o = putInteger(o, qc.crl);
            o = putInteger(o, kept ? qc.clear.start + 1 : 0);
            o = putInteger(o, kept ? qc.clear.end : 0);
            o = putInteger(o, qc.clear.length());
            o = putNumber(o, qc.traceScore);
            endRow(out, o);
        }
    }
    return out.flush();
}

std::optional<QString> writeCsvReport(const RunResult &run, const QString &path)
{
    return saveFile(path, [&run](QIODevice *device) { return writeRunCsv(device, run); });
}

std::optional<QString> writeReadsCsvReport(const RunResult &run, const QString &path)
{
    return saveFile(path, [&run](QIODevice *device) { return writeReadsCsv(device, run); });
}

QByteArray runToCsv(const RunResult &run)
{
    return inMemory(run, writeRunCsv);
}

QByteArray readsToCsv(const RunResult &run)
{
    return inMemory(run, writeReadsCsv);
}

} // namespace qc
