/** Names opened for display: data keys fetched from the ingest's key store over its access-controlled endpoint. */
package cn.jiyuan.integrity.query.persons;
