/** HTTP plumbing of ingest: strict JSON reading with field errors, body-size limits. */
package cn.jiyuan.integrity.ingest.web;
