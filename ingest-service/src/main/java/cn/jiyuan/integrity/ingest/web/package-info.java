/** HTTP plumbing of ingest: body-size limits. */
package cn.jiyuan.integrity.ingest.web;
