/**
 * The grafana-foundation-sdk modules the dashboards use. The package publishes them only through its `exports`
 * map (`@grafana/grafana-foundation-sdk/dashboard`, ...), which this project's `moduleResolution: node` does not
 * read: the types come from the files behind the map (`dist/<module>`), the values through the map at run time.
 */
import type * as CommonSdk from '@grafana/grafana-foundation-sdk/dist/common';
import type * as DashboardSdk from '@grafana/grafana-foundation-sdk/dist/dashboard';
import type * as PrometheusSdk from '@grafana/grafana-foundation-sdk/dist/prometheus';
import type * as StatSdk from '@grafana/grafana-foundation-sdk/dist/stat';
import type * as TableSdk from '@grafana/grafana-foundation-sdk/dist/table';
import type * as TimeseriesSdk from '@grafana/grafana-foundation-sdk/dist/timeseries';

export type { CommonSdk, DashboardSdk, PrometheusSdk, StatSdk, TableSdk, TimeseriesSdk };

export const common: typeof CommonSdk = require('@grafana/grafana-foundation-sdk/common');
export const dashboard: typeof DashboardSdk = require('@grafana/grafana-foundation-sdk/dashboard');
export const prometheus: typeof PrometheusSdk = require('@grafana/grafana-foundation-sdk/prometheus');
export const stat: typeof StatSdk = require('@grafana/grafana-foundation-sdk/stat');
export const table: typeof TableSdk = require('@grafana/grafana-foundation-sdk/table');
export const timeseries: typeof TimeseriesSdk = require('@grafana/grafana-foundation-sdk/timeseries');
