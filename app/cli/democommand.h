#pragma once

#include <QStringList>

// `qualcluster demo-data [--reads N] DIR`
int runDemoCommand(const QStringList &arguments);
