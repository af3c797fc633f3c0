/** HTTP plumbing of ingest: the body-size limits per kind of endpoint. */
package cn.jiyuan.integrity.ingest.web;
