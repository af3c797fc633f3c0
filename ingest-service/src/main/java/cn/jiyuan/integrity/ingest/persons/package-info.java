/** The key store of personal data: a data key per fact, handed only to the services that show names. */
package cn.jiyuan.integrity.ingest.persons;
