/** HTTP plumbing shared by the services: strict JSON reading with a field error for every mistake. */
package cn.jiyuan.integrity.support.web;
