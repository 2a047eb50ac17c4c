// A unit of work (a folder, or a chunk of a big folder's files) and what doing it produced.
#pragma once

#include "qc/readqc.h"
#include "stats/positionhistogram.h"

#include <QCborMap>
#include <QList>
#include <QString>
#include <QStringList>

namespace qc {

// A file's bytes as the controller read them, for an engine that cannot see the file itself, or
// why they could not be read.
struct FilePayload
{
    QByteArray bytes;
    QString error;
};

struct AnalysisTask
{
    quint64 id = 0;
    QString sample; // the sample (folder) the files belong to
    QStringList files;
    QList<FilePayload> payloads = {}; // one per file when sent with the task; empty when read on the spot
};

// Reads each of the task's files into its payloads (an unreadable file's reason instead).
void attachPayloads(AnalysisTask &task);

struct FileError
{
    QString file;
    qint64 line = 0; // 1-based; 0 when the error has no line
    qint64 offset = -1; // byte offset, for binary formats
    QString message;
    bool operator==(const FileError &) const = default;
};

// One read's QC numbers and where it came from.
struct ReadSummary
{
    QString file;
    QString name; // the record's name; the file's name when the format has none
    QString format; // ParsedReads::format
    ReadQc qc;
    bool operator==(const ReadSummary &) const = default;
};

struct TaskResult
{
    quint64 taskId = 0;
    QString sample;
    PositionHistogram histogram;
    PositionHistogram clearHistogram; // only the bases inside each read's clear range
    QList<ReadSummary> readSummaries; // in file order, records in file order
    int files = 0; // files read and counted
    qint64 reads = 0;
    qint64 bases = 0;
    QList<FileError> errors;
    int engineId = -1; // -1 when run in the controller's own process
    qint64 pid = 0;
    QString host;
    qint64 startUs = 0; // microseconds since the epoch
    qint64 endUs = 0;
    // The result message as the engine sent it, when a controller only passes it on to a client
    // (then only taskId and engineId are filled in here: decoding it twice cost more than the
    // controller's whole share of a run).
    QCborMap encoded = {};
};

// Reads every file of the task and counts its qualities; a bad file becomes a FileError.
TaskResult runTask(const AnalysisTask &task);

} // namespace qc
